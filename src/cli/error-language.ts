import type { MessageLanguage } from '../model/messages.js';

/**
 * The language errors are printed in: --lang, else the system locale when it is French or English
 * (LC_ALL, LC_MESSAGES, LANG, in the order the C library reads them), else French for the wizard
 * (it speaks French unless told otherwise) and English for the other commands, whose help and
 * output are English.
 */
export function chooseErrorLanguage(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): MessageLanguage {
  const fallback = argv.slice(2).includes('wizard') ? 'fr' : 'en';
  return chooseOutputLanguage(readLangFlag(argv), env, fallback);
}

/**
 * The language a command's own output is printed in, chosen as its errors are: --lang, else the
 * system locale when it is French or English, else `fallback` (English: the help is English).
 */
export function chooseOutputLanguage(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  fallback: MessageLanguage = 'en',
): MessageLanguage {
  if (flag === 'fr' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (/^fr([_.-]|$)/i.test(locale)) return 'fr';
  if (/^en([_.-]|$)/i.test(locale)) return 'en';
  return fallback;
}

/**
 * The language of the help: --lang, else the system locale when it is French or English, else
 * English, the wizard's included (its errors fall back to French, its help stays as it was).
 */
export function chooseHelpLanguage(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): MessageLanguage {
  return chooseOutputLanguage(readLangFlag(argv), env);
}

function readLangFlag(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--lang') return argv[index + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}
