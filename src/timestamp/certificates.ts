import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EvidenceError } from '../model/errors.js';
import { parseDer } from './pki.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Reads certificates given as PEM (one or several blocks) or DER. `label` names the source in
 * errors, e.g. the file name of a `--ca-file`.
 */
export function parseCertificates(input: Buffer | string, label: string): pkijs.Certificate[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const blocks = [...text.matchAll(PEM_BLOCK)].map((match) => match[1] ?? '');
    if (blocks.length === 0) {
      throw new EvidenceError({
        code: 'error.timestamp.certificates.beginCertificateBlock',
        params: { label },
      });
    }
    return blocks.map((base64, index) =>
      parseCertificateDer(
        Buffer.from(base64.replace(/\s+/g, ''), 'base64'),
        `${label} #${index + 1}`,
      ),
    );
  }
  return [
    parseCertificateDer(typeof input === 'string' ? Buffer.from(input, 'latin1') : input, label),
  ];
}

function parseCertificateDer(der: Uint8Array, label: string): pkijs.Certificate {
  const asn = parseDer(der);
  try {
    if (asn === undefined) throw new Error('not a DER value');
    return new pkijs.Certificate({ schema: asn });
  } catch (error) {
    throw new EvidenceError(
      { code: 'error.timestamp.certificates.readableXCertificate', params: { label } },
      { cause: error },
    );
  }
}

/** The certificate as a PEM block (64-character lines, trailing newline). */
export function certificateToPem(certificate: pkijs.Certificate): string {
  const base64 = certificateDer(certificate).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

const NAME_KEYS: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** A distinguished name as "CN=…, O=…, C=…" (most specific first, as openssl -nameopt RFC2253). */
export function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((entry) => {
      const key = NAME_KEYS[entry.type] ?? entry.type;
      const value = (entry.value as asn1js.BaseStringBlock & { valueBlock: { value: string } })
        .valueBlock.value;
      return `${key}=${value}`;
    })
    .reverse()
    .join(', ');
}

/** A GeneralName (the TSTInfo `tsa` field) as text: a directory name, URI, DNS name or e-mail. */
export function formatGeneralName(name: pkijs.GeneralName): string {
  if (name.value instanceof pkijs.RelativeDistinguishedNames) return formatName(name.value);
  if (typeof name.value === 'string') return name.value;
  return `(general name of type ${name.type})`;
}

/** True when two certificates are the same certificate (same to-be-signed bytes). */
export function isSameCertificate(a: pkijs.Certificate, b: pkijs.Certificate): boolean {
  return certificateDer(a).equals(certificateDer(b));
}

export function certificateDer(certificate: pkijs.Certificate): Buffer {
  return Buffer.from(certificate.toSchema().toBER());
}
