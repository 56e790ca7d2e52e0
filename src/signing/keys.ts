import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../model/atomic-write.js';
import { EvidenceError, UsageError } from '../model/errors.js';
import { fingerprintPublicKey, type KeyOwner, keyPaths, type SignerRecord } from './key-files.js';

export interface CreateKeyRequest {
  readonly home: string;
  readonly owner: KeyOwner;
  readonly passphrase: string;
  readonly createdAt: string;
  /** Replace a key that is already there. */
  readonly force?: boolean;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly signer: SignerRecord;
}

/**
 * Makes the operator's Ed25519 key pair in PREUVE_HOME/keys/: the private key as encrypted PKCS#8
 * (PBES2, AES-256-CBC) in a 0600 file, the public key and
 * who it belongs to beside it. Refuses to replace an existing key without `force`: dossiers signed
 * with it could no longer be re-signed.
 */
export async function createSigningKey(
  request: CreateKeyRequest,
): Promise<SignerRecord & { paths: ReturnType<typeof keyPaths> }> {
  const paths = keyPaths(request.home);
  if (!request.force && (await stat(paths.privateKey).catch(() => undefined))) {
    throw new UsageError({
      code: 'error.signing.keys.signingKeyAlready',
      params: { dir: paths.dir },
    });
  }
  if (request.passphrase.length < 8)
    throw new UsageError({ code: 'error.signing.keys.passphraseTooShort' });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signer: SignerRecord = {
    format: 'preuve-signer',
    formatVersion: 1,
    algorithm: 'Ed25519',
    owner: request.owner,
    keyFingerprint: fingerprintPublicKey(publicKey),
    createdAt: request.createdAt,
  };
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const encrypted = privateKey.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: request.passphrase,
  });
  await writeFileAtomic(paths.privateKey, encrypted);
  await writeFileAtomic(paths.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFileAtomic(paths.owner, `${JSON.stringify(signer, null, 2)}\n`);
  return { ...signer, paths };
}

/** True when PREUVE_HOME holds a signing key (then build signs by default). */
export async function hasSigningKey(home: string): Promise<boolean> {
  return (await stat(keyPaths(home).privateKey).catch(() => undefined)) !== undefined;
}

/** Opens the operator's key with its passphrase. A wrong passphrase is a usage error, named. */
export async function loadSigningKey(home: string, passphrase: string): Promise<SigningKey> {
  const paths = keyPaths(home);
  let pem: string;
  let signer: SignerRecord;
  try {
    pem = await readFile(paths.privateKey, 'utf8');
    signer = JSON.parse(await readFile(paths.owner, 'utf8')) as SignerRecord;
  } catch (cause) {
    throw new UsageError(
      { code: 'error.signing.keys.signingKeyRead', params: { dir: paths.dir } },
      { cause },
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    throw new UsageError(
      { code: 'error.signing.keys.signingKeyOpened', params: { privateKey: paths.privateKey } },
      { cause },
    );
  }
  const publicKey = createPublicKey(privateKey);
  if (fingerprintPublicKey(publicKey) !== signer.keyFingerprint) {
    throw new EvidenceError({
      code: 'error.signing.keys.namesAnotherKey',
      params: { owner: paths.owner, privateKey: paths.privateKey },
    });
  }
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signer,
  };
}
