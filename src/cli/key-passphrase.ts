import { UsageError } from '../model/errors.js';

/**
 * The signing key's passphrase: PREUVE_KEY_PASSPHRASE, else PREUVE_PASSPHRASE, else a hidden
 * prompt on a terminal (typed twice when the key is being created).
 */
export async function readKeyPassphrase(
  env: NodeJS.ProcessEnv,
  canPrompt: boolean,
  purpose: 'create' | 'sign',
): Promise<string> {
  const fromEnv = env.PREUVE_KEY_PASSPHRASE || env.PREUVE_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!canPrompt || !process.stdin.isTTY || !process.stderr.isTTY) {
    throw new UsageError({
      code:
        purpose === 'create'
          ? 'error.cli.keyPassphrase.createNeedsPassphrase'
          : 'error.cli.keyPassphrase.signNeedsPassphrase',
    });
  }
  const message =
    purpose === 'create'
      ? 'Passphrase to protect the signing key (needed at each signed build):'
      : 'Passphrase of your signing key:';
  // Loaded only when a prompt is shown: the prompt library is large and most runs never ask.
  const { password } = await import('@inquirer/prompts');
  const first = await password({ message, mask: '*' }, { output: process.stderr });
  if (purpose === 'create') {
    const again = await password(
      { message: 'Type it again:', mask: '*' },
      { output: process.stderr },
    );
    if (again !== first)
      throw new UsageError({ code: 'error.cli.keyPassphrase.passphrasesDiffer' });
  }
  return first;
}
