import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Message } from '../model/messages.js';
import { certificateDer } from './certificates.js';
import { cryptoEngine, OID } from './pki.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/**
 * Verifies the CMS signature of a timestamp token with the signer's public key: the signed
 * content-type is TSTInfo, the signed message digest is that of the TSTInfo, and the signature
 * over the signed attributes is valid. Returns the problem, or undefined when all hold.
 *
 * (pkijs's SignedData.verify needs the timestamped data itself; we only have its hash, the
 * dossier fingerprint, so the same steps are done here with pkijs's crypto engine.)
 */
export async function checkTokenSignature(
  signedData: pkijs.SignedData,
  signer: pkijs.Certificate,
): Promise<Message | undefined> {
  const signerInfo = signedData.signerInfos[0];
  const eContent = signedData.encapContentInfo.eContent;
  if (!signerInfo || !eContent) return { code: 'timestamp.problem.noSigner' };
  const attributes = signerInfo.signedAttrs?.attributes;
  if (!attributes) return { code: 'timestamp.problem.noSignedAttributes' };
  const hash = cryptoEngine.getAlgorithmByOID(signerInfo.digestAlgorithm.algorithmId);
  if (!('name' in hash)) {
    return {
      code: 'timestamp.problem.unsupportedDigest',
      params: { oid: signerInfo.digestAlgorithm.algorithmId },
    };
  }
  const hashName = hash.name as string;

  const contentType = attributes.find((a) => a.type === OID.contentTypeAttribute)?.values[0];
  if (
    !(contentType instanceof asn1js.ObjectIdentifier) ||
    contentType.valueBlock.toString() !== OID.tstInfo
  ) {
    return { code: 'timestamp.problem.notTstInfo' };
  }
  const signedDigest = attributes.find((a) => a.type === OID.messageDigestAttribute)?.values[0];
  const digest = Buffer.from(await cryptoEngine.digest({ name: hashName }, eContent.getValue()));
  if (
    !(signedDigest instanceof asn1js.OctetString) ||
    !digest.equals(Buffer.from(signedDigest.valueBlock.valueHexView))
  ) {
    return { code: 'timestamp.problem.digestMismatch' };
  }
  try {
    const isValid = await cryptoEngine.verifyWithPublicKey(
      signerInfo.signedAttrs!.encodedValue,
      signerInfo.signature,
      signer.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      signerInfo.signatureAlgorithm.algorithmId === RSA_ENCRYPTION ? hashName : undefined,
    );
    return isValid ? undefined : { code: 'timestamp.problem.badSignature' };
  } catch (error) {
    return {
      code: 'timestamp.problem.signatureUnverifiable',
      params: { reason: error instanceof Error ? error.message : String(error) },
    };
  }
}

/**
 * RFC 3161 §2.4.1 / RFC 5816: the signed ESS signing-certificate attribute (v1 with SHA-1, or v2)
 * names the signer certificate by hash, so another certificate with the same key cannot be
 * substituted. Returns the problem, or undefined.
 */
export async function checkSignerCertificateAttribute(
  signedData: pkijs.SignedData,
  signer: pkijs.Certificate,
): Promise<Message | undefined> {
  const attributes = signedData.signerInfos[0]?.signedAttrs?.attributes ?? [];
  const v2 = attributes.find((a) => a.type === OID.signingCertificateV2)?.values[0];
  const v1 = attributes.find((a) => a.type === OID.signingCertificate)?.values[0];
  const value = v2 ?? v1;
  if (!value) return { code: 'timestamp.problem.noSigningCertificate' };
  const firstId = firstElement(firstElement(value));
  const fields = firstId instanceof asn1js.Sequence ? firstId.valueBlock.value : [];
  let hashName = v2 ? 'SHA-256' : 'SHA-1';
  let index = 0;
  if (v2 && fields[0] instanceof asn1js.Sequence) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: fields[0] });
    const hash = cryptoEngine.getAlgorithmByOID(algorithm.algorithmId);
    if (!('name' in hash))
      return {
        code: 'timestamp.problem.signingCertificateHash',
        params: { oid: algorithm.algorithmId },
      };
    hashName = hash.name as string;
    index = 1;
  }
  const certHash = fields[index];
  if (!(certHash instanceof asn1js.OctetString))
    return { code: 'timestamp.problem.signingCertificateUnreadable' };
  const actual = Buffer.from(
    await cryptoEngine.digest({ name: hashName }, new Uint8Array(certificateDer(signer))),
  );
  if (!actual.equals(Buffer.from(certHash.valueBlock.valueHexView))) {
    return { code: 'timestamp.problem.signingCertificateOther' };
  }
  return undefined;
}

function firstElement(value: unknown): unknown {
  return value instanceof asn1js.Sequence ? value.valueBlock.value[0] : undefined;
}
