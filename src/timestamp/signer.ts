import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Message } from '../model/messages.js';
import { certificateDer, formatName, isSameCertificate } from './certificates.js';
import { cryptoEngine, OID } from './pki.js';

/** The certificate named by the signer identifier: issuer and serial, or subject key identifier. */
export function findSigner(
  signedData: pkijs.SignedData,
  candidates: readonly pkijs.Certificate[],
): pkijs.Certificate | undefined {
  const sid = signedData.signerInfos[0]?.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return candidates.find(
      (certificate) =>
        certificate.issuer.isEqual(sid.issuer) &&
        certificate.serialNumber.isEqual(sid.serialNumber),
    );
  }
  // [0] SubjectKeyIdentifier, as pkijs leaves it: a context-tagged OCTET STRING.
  const keyId = sid?.idBlock.isConstructed ? sid.valueBlock.value[0] : sid;
  const keyIdBytes = Buffer.from(keyId?.valueBlock.valueHexView ?? []);
  if (keyIdBytes.length === 0) return undefined;
  return candidates.find((certificate) => subjectKeyIdentifier(certificate).equals(keyIdBytes));
}

/** The certificate's subject key identifier, or the SHA-1 of its key when it has none (RFC 5280). */
function subjectKeyIdentifier(certificate: pkijs.Certificate): Buffer {
  const extension = certificate.extensions?.find(
    (item) => item.extnID === OID.subjectKeyIdentifier,
  );
  const value = extension?.parsedValue as asn1js.OctetString | undefined;
  if (value instanceof asn1js.OctetString) return Buffer.from(value.valueBlock.valueHexView);
  const key = certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
  return createHash('sha1').update(key).digest();
}

/** RFC 3161 §2.3: exactly one extended key usage, timeStamping, and the extension is critical. */
export function checkTimeStampingUsage(signer: pkijs.Certificate): Message | undefined {
  const extension = signer.extensions?.find((item) => item.extnID === OID.extendedKeyUsage);
  const subject = formatName(signer.subject);
  if (!extension) {
    return { code: 'timestamp.problem.noKeyUsage', params: { subject } };
  }
  const purposes = (extension.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (purposes.length !== 1 || purposes[0] !== OID.timeStamping) {
    return {
      code: 'timestamp.problem.notForTimestamping',
      params: {
        subject,
        usage: purposes.join(', ') || { code: 'timestamp.problem.usageUnreadable' },
      },
    };
  }
  if (!extension.critical) {
    return { code: 'timestamp.problem.usageNotCritical', params: { subject } };
  }
  return undefined;
}

export type ChainResult =
  | { trusted: true; path: pkijs.Certificate[] }
  | { trusted: false; path: []; problem: Message };

export async function validateChain(
  signer: pkijs.Certificate,
  carried: readonly pkijs.Certificate[],
  trusted: readonly pkijs.Certificate[],
  genTime: Date,
): Promise<ChainResult> {
  if (trusted.length === 0) {
    return {
      trusted: false,
      path: [],
      problem: { code: 'timestamp.problem.noTrustedCertificate' },
    };
  }
  // pkijs takes the last of `certs` as the certificate to validate.
  const engine = new pkijs.CertificateChainValidationEngine({
    certs: [...carried.filter((c) => !isSameCertificate(c, signer)), signer],
    trustedCerts: [...trusted],
    checkDate: genTime,
  });
  const result = await engine.verify({}, cryptoEngine);
  if (!result.result) {
    return {
      trusted: false,
      path: [],
      problem: {
        code: 'timestamp.problem.chainUntrusted',
        params: { time: genTime.toISOString(), reason: result.resultMessage },
      },
    };
  }
  const path = dedupe(result.certificatePath ?? [signer]);
  return { trusted: true, path };
}

function dedupe(certificates: readonly pkijs.Certificate[]): pkijs.Certificate[] {
  const seen = new Set<string>();
  return certificates.filter((certificate) => {
    const key = certificateDer(certificate).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
