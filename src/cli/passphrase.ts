import { UsageError } from '../model/errors.js';
import { INPUT_LIMITS, readInputText } from '../model/input-file.js';

/**
 * The ZIP passphrase: PREUVE_PASSPHRASE or --passphrase-file (both at once is refused), else a hidden prompt on a
 * terminal (unless `canPrompt` is false: --yes, CI). Never from a plain argument (it would show in
 * the shell history and process list).
 */
export async function readPassphrase(
  options: { passphraseFile?: string },
  env: NodeJS.ProcessEnv,
  canPrompt = true,
  purpose: 'build' | 'verify' = 'build',
): Promise<string> {
  let passphrase = env.PREUVE_PASSPHRASE;
  // A leftover variable must not silently win: the investigators would get the other passphrase.
  if (passphrase && options.passphraseFile) {
    throw new UsageError({
      code: 'error.cli.passphrase.twoPassphrases',
      params: { file: options.passphraseFile },
    });
  }
  if (!passphrase && options.passphraseFile) {
    passphrase = (
      await readInputText(options.passphraseFile, {
        what: `--passphrase-file ${options.passphraseFile}`,
        maxBytes: INPUT_LIMITS.passphrase,
      })
    ).replace(/\r?\n$/, '');
  }
  if (
    !passphrase &&
    canPrompt &&
    process.stdin.isTTY &&
    process.stderr.isTTY &&
    purpose === 'verify'
  ) {
    // Loaded only when a prompt is shown: the prompt library is large and most runs never ask.
    const { password } = await import('@inquirer/prompts');
    passphrase = await password(
      { message: 'This dossier is encrypted. Its passphrase:', mask: '*' },
      { output: process.stderr },
    );
  }
  if (
    !passphrase &&
    canPrompt &&
    process.stdin.isTTY &&
    process.stderr.isTTY &&
    purpose === 'build'
  ) {
    const { password } = await import('@inquirer/prompts');
    passphrase = await password(
      { message: 'Passphrase for the ZIP (it will be needed to open it):', mask: '*' },
      { output: process.stderr },
    );
    const again = await password(
      { message: 'Type it again:', mask: '*' },
      { output: process.stderr },
    );
    if (again !== passphrase)
      throw new UsageError({ code: 'error.cli.passphrase.passphrasesDiffer' });
  }
  if (!passphrase && purpose === 'verify') {
    throw new UsageError({ code: 'error.cli.passphrase.verifyNeedsPassphrase' });
  }
  if (!passphrase) {
    throw new UsageError({ code: 'error.cli.passphrase.encryptNeedsPassphrase' });
  }
  // A short passphrase cannot have made a dossier, but saying so would only hide "wrong passphrase".
  if (passphrase.length < 8 && purpose === 'build')
    throw new UsageError({ code: 'error.cli.passphrase.tooShort' });
  return passphrase;
}
