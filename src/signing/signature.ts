import { createPublicKey, sign, verify } from 'node:crypto';
import { fingerprintPublicKey, type SignerRecord } from './key-files.js';
import type { SigningKey } from './keys.js';

/** Where the signature travels in the dossier's bag, beside the file it signs. */
export const SIGNATURE_FILES = {
  signed: 'data/evidence-manifest.txt',
  signature: 'data/signature/signature.bin',
  publicKey: 'data/signature/public-key.pem',
  signer: 'data/signature/signer.json',
} as const;

/** The signature files of a dossier: the raw 64-byte Ed25519 signature, the public key, who signed. */
export interface DossierSignature {
  readonly signature: Buffer;
  readonly publicKeyPem: string;
  readonly signer: SignerRecord;
}

/**
 * Signs the evidence manifest, whose SHA-256 is the dossier fingerprint: the signature holds for
 * the fingerprint and for every exhibit hash listed in it. Ed25519 signs the bytes themselves
 * (no pre-hash), so `openssl pkeyutl -verify -rawin` checks it.
 */
export function signEvidenceManifest(key: SigningKey, evidenceManifest: string): DossierSignature {
  return {
    signature: sign(null, Buffer.from(evidenceManifest, 'utf8'), key.privateKey),
    publicKeyPem: key.publicKeyPem,
    signer: key.signer,
  };
}

export type SignatureCheck =
  | { readonly ok: true; readonly signer: SignerRecord }
  | {
      readonly ok: false;
      readonly reason: 'bad-signature' | 'key-mismatch' | 'malformed';
      readonly signer?: SignerRecord;
    };

/** Checks a dossier signature against the evidence manifest's bytes. */
export function checkDossierSignature(
  evidenceManifest: Buffer,
  files: { signature: Buffer; publicKeyPem: Buffer; signer: Buffer },
): SignatureCheck {
  let signer: SignerRecord;
  let publicKey: ReturnType<typeof createPublicKey>;
  try {
    signer = JSON.parse(files.signer.toString('utf8')) as SignerRecord;
    publicKey = createPublicKey({ key: files.publicKeyPem, format: 'pem' });
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'malformed', signer };
  if (fingerprintPublicKey(publicKey) !== signer.keyFingerprint)
    return { ok: false, reason: 'key-mismatch', signer };
  return verify(null, evidenceManifest, publicKey, files.signature)
    ? { ok: true, signer }
    : { ok: false, reason: 'bad-signature', signer };
}
