import type { Command } from 'commander';
import { type MessageLanguage, renderMessage } from '../model/messages.js';

/**
 * Commander's own words in the reader's language: the help's titles ("Usage:", "Options:"…), its
 * -h and -V options and its help command (in `language`), and its usage errors (in
 * `errorLanguage`, the wizard's French by default). English is commander's, untouched.
 */
export function speakCommanderLanguage(
  program: Command,
  language: MessageLanguage,
  errorLanguage: MessageLanguage = language,
): void {
  program.configureOutput({
    outputError: (text, write) => write(translateCommanderError(text, errorLanguage)),
  });
  if (language === 'en') return;
  const say = (code: string) => renderMessage(language, { code });
  const titles: Readonly<Record<string, string>> = {
    'Usage:': say('cli.commander.title.usage'),
    'Options:': say('cli.commander.title.options'),
    'Commands:': say('cli.commander.title.commands'),
    'Arguments:': say('cli.commander.title.arguments'),
    'Global Options:': say('cli.commander.title.globalOptions'),
  };
  // The "(default: …, choices: …)" commander adds after an option's or argument's description.
  const extras: ReadonlyArray<readonly [RegExp, string]> = [
    'default',
    'choices',
    'preset',
    'env',
  ].map(
    (name) => [new RegExp(`([(,] ?)${name}: `, 'g'), say(`cli.commander.extra.${name}`)] as const,
  );
  const sayExtras = (description: string) =>
    extras.reduce((text, [pattern, words]) => text.replace(pattern, `$1${words}`), description);
  // Set before the commands are registered: each inherits the help option and command.
  program
    .configureHelp({
      styleTitle: (title) => titles[title] ?? title,
      styleOptionDescription: sayExtras,
      styleArgumentDescription: sayExtras,
    })
    .helpOption('-h, --help', say('cli.commander.helpOption'))
    .helpCommand('help [command]', say('cli.commander.helpCommand'));
}

/** Commander's error patterns and the code each becomes; the groups are its parameters. */
const ERRORS: ReadonlyArray<readonly [RegExp, string, readonly string[]]> = [
  [/^error: unknown option '(.+?)'/, 'cli.commander.unknownOption', ['option']],
  [/^error: unknown command '(.+?)'/, 'cli.commander.unknownCommand', ['command']],
  [/^error: missing required argument '(.+?)'/, 'cli.commander.missingArgument', ['argument']],
  [/^error: option '(.+?)' argument missing/, 'cli.commander.optionMissingArgument', ['option']],
  [/^error: required option '(.+?)' not specified/, 'cli.commander.missingOption', ['option']],
  [
    /^error: too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./,
    'cli.commander.excessArguments',
    ['command', 'expected', 'received'],
  ],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\./,
    'cli.commander.invalidArgument',
    ['option', 'value'],
  ],
];

/**
 * A commander error message ("error: unknown option '--foo'\n(Did you mean --force?)") in the
 * language given; a message it does not know, or English, stays as commander wrote it.
 */
export function translateCommanderError(text: string, language: MessageLanguage): string {
  const said = sayCommanderError(text, language);
  if (said === undefined) return text;
  const line = renderMessage(language, { code: 'cli.commander.error', params: { message: said } });
  return `${line}${text.endsWith('\n') ? '\n' : ''}`;
}

/** The words of a commander error, without its "error: ", in the language given; else undefined. */
export function sayCommanderError(text: string, language: MessageLanguage): string | undefined {
  if (language === 'en') return undefined;
  const suggestion = /\n\(Did you mean (?:one of )?(.+)\?\)/.exec(text)?.[1];
  for (const [pattern, code, names] of ERRORS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = match[index + 1] ?? '';
    });
    const said = renderMessage(language, {
      code: code === 'cli.commander.excessArguments' && !params.command ? `${code}.root` : code,
      params,
    });
    const hint = suggestion
      ? `\n${renderMessage(language, { code: 'cli.commander.didYouMean', params: { suggestion } })}`
      : '';
    return `${said}${hint}`;
  }
  return undefined;
}
