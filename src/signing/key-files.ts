import { createHash, type KeyObject } from 'node:crypto';
import { join } from 'node:path';

/** Where the operator's key lives: PREUVE_HOME/keys/. */
export function keyPaths(home: string) {
  const dir = join(home, 'keys');
  return {
    dir,
    privateKey: join(dir, 'operator-ed25519.key.pem'),
    publicKey: join(dir, 'operator-ed25519.pub.pem'),
    owner: join(dir, 'operator-ed25519.json'),
  };
}

/** Who the key belongs to, as written beside it and carried in the dossier. */
export interface KeyOwner {
  readonly name: string;
  readonly organisation?: string;
}

/** The file written beside the key and into the dossier (data/signature/signer.json). */
export interface SignerRecord {
  readonly format: 'preuve-signer';
  readonly formatVersion: 1;
  readonly algorithm: 'Ed25519';
  readonly owner: KeyOwner;
  /** SHA-256 of the public key's DER SubjectPublicKeyInfo, lowercase hex. */
  readonly keyFingerprint: string;
  readonly createdAt: string;
}

/**
 * The key's fingerprint: SHA-256 of its DER SubjectPublicKeyInfo, the same as
 * `openssl pkey -pubin -in public-key.pem -outform DER | sha256sum`.
 */
export function fingerprintPublicKey(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
