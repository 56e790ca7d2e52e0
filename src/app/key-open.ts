import { hasSigningKey, loadSigningKey, type SigningKey } from '../signing/keys.js';

export type { SigningKey } from '../signing/keys.js';

export interface KeyOpenRequest {
  readonly home: string;
  /** Asked only when there is a key to open. */
  readonly readPassphrase: () => Promise<string>;
}

/** The operator's key for `build`: opened when PREUVE_HOME holds one, else undefined. */
export async function openDefaultKey(request: KeyOpenRequest): Promise<SigningKey | undefined> {
  if (!(await hasSigningKey(request.home))) return undefined;
  return loadSigningKey(request.home, await request.readPassphrase());
}

/** The operator's key for `build --sign`: it must be there (a clear error names the fix if not). */
export async function openRequiredKey(request: KeyOpenRequest): Promise<SigningKey> {
  return loadSigningKey(request.home, await request.readPassphrase());
}

/** True when PREUVE_HOME holds a signing key. */
export function hasDefaultKey(home: string): Promise<boolean> {
  return hasSigningKey(home);
}
