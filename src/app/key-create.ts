import type { Clock } from '../model/clock.js';
import type { KeyOwner } from '../signing/key-files.js';
import { createSigningKey } from '../signing/keys.js';

export interface KeyCreateRequest {
  /** PREUVE_HOME: the key goes to <home>/keys/. */
  readonly home: string;
  readonly owner: KeyOwner;
  readonly passphrase: string;
  readonly clock: Clock;
  readonly force?: boolean;
}

export interface KeyCreateResult {
  readonly owner: KeyOwner;
  readonly keyFingerprint: string;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

/** `preuve key create`: the operator's Ed25519 key pair, private key encrypted, 0600. */
export async function createKey(request: KeyCreateRequest): Promise<KeyCreateResult> {
  const created = await createSigningKey({
    home: request.home,
    owner: request.owner,
    passphrase: request.passphrase,
    createdAt: request.clock.now().toISOString(),
    ...(request.force ? { force: true } : {}),
  });
  return {
    owner: created.owner,
    keyFingerprint: created.keyFingerprint,
    privateKeyPath: created.paths.privateKey,
    publicKeyPath: created.paths.publicKey,
  };
}
