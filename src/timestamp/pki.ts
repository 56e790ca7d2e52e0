import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * The crypto engine every timestamp check uses: Node's WebCrypto, passed explicitly so nothing
 * depends on pkijs's global engine.
 */
export const cryptoEngine = new pkijs.CryptoEngine({
  name: 'node-webcrypto',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentTypeAttribute: '1.2.840.113549.1.9.3',
  messageDigestAttribute: '1.2.840.113549.1.9.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

const HASH_NAMES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** 'SHA-256' for the SHA-256 OID, the OID itself for anything unknown. */
export function hashNameOf(oid: string): string {
  return HASH_NAMES[oid] ?? oid;
}

/** Parses DER bytes with asn1js, or returns undefined when they are not one whole DER value. */
export function parseDer(der: Uint8Array): asn1js.AsnType | undefined {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) return undefined;
  return parsed.result;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

/** A positive ASN.1 INTEGER as lowercase hex without leading zero bytes (at least "00"). */
export function integerHex(value: asn1js.Integer): string {
  const hex = value.toBigInt().toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}
