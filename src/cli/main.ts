import { createRequire } from 'node:module';
import type * as commander from 'commander';
import { describeError, InterruptedError, PreuveError } from '../model/errors.js';
import { renderMessage } from '../model/messages.js';
import { sayCommanderError, speakCommanderLanguage } from './commander-language.js';
import { isTerminal, OPTIONS_WITH_VALUE, withWizardDefault } from './commands/wizard.js';
import { isPromptAllowed } from './context.js';
import { chooseErrorLanguage, chooseHelpLanguage } from './error-language.js';
import { escapeControlCharacters } from './escape.js';
import { recoverRawArgv } from './raw-argv.js';
import { BatchFailed, VerificationFailed } from './reported-failures.js';
import { readToolVersion } from './version.js';

// commander is CommonJS: required, not imported. Node's import of a CommonJS package runs it
// through the ES module loader (its exports read by a lexer), about 10 ms more CPU at every start.
const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof commander;
type Command = commander.Command;

/** The width of the help, in columns: commander's own when there is no terminal. */
const HELP_WIDTH = 80;

type Register = (program: Command, signal: AbortSignal) => void;

/**
 * Every command, in the order of the help, each in its own file under src/cli/commands/ and
 * loaded only when needed: a run of one command loads that command's file alone, the list of
 * commands (--help, a mistyped name) loads them all.
 */
const COMMANDS: ReadonlyArray<readonly [names: readonly string[], load: () => Promise<Register>]> =
  [
    [['init'], async () => (await import('./commands/init.js')).registerInit],
    [['add'], async () => (await import('./commands/add.js')).registerAdd],
    [['list'], async () => (await import('./commands/list.js')).registerList],
    [['show'], async () => (await import('./commands/show.js')).registerShow],
    [['facts'], async () => (await import('./commands/facts.js')).registerFacts],
    [['findings'], async () => (await import('./commands/findings.js')).registerFindings],
    [['highlight'], async () => (await import('./commands/highlight.js')).registerHighlight],
    [['withdraw', 'mark'], async () => (await import('./commands/withdraw.js')).registerWithdraw],
    [['stamp'], async () => (await import('./commands/stamp.js')).registerStamp],
    [['check'], async () => (await import('./commands/check.js')).registerCheck],
    [['key'], async () => (await import('./commands/key.js')).registerKey],
    [['build'], async () => (await import('./commands/build.js')).registerBuild],
    [['demo'], async () => (await import('./commands/demo.js')).registerDemo],
    [['verify'], async () => (await import('./commands/verify.js')).registerVerify],
    [['recover'], async () => (await import('./commands/recover.js')).registerRecover],
    [['wizard'], async () => (await import('./commands/wizard.js')).registerWizard],
    [['cases'], async () => (await import('./commands/cases.js')).registerCases],
    [['batch'], async () => (await import('./commands/batch.js')).registerBatch],
  ];

/** The names of every command, in the order of the help. */
export function listCommandNames(): string[] {
  return COMMANDS.flatMap(([names]) => names);
}

/**
 * The commands to register for these arguments, read the way commander reads them (the first
 * word that is neither an option nor an option's value names the command): that command's file
 * only; none when the version is asked for before any command; every one for the help, a
 * mistyped name or no command at all.
 */
export function selectCommands(args: readonly string[]): readonly string[] {
  for (let index = 2; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '-V' || arg === '--version') return [];
    if (arg === '-h' || arg === '--help') break;
    if (OPTIONS_WITH_VALUE.has(arg)) index += 1;
    else if (!arg.startsWith('-'))
      return COMMANDS.find(([names]) => names.includes(arg))?.[0] ?? listCommandNames();
  }
  return listCommandNames();
}

/** Builds the commander program, with the commands `args` need (see selectCommands). */
export async function createProgram(
  signal: AbortSignal,
  args: readonly string[] = [],
): Promise<Command> {
  const wanted = selectCommands(args);
  const registers = await Promise.all(
    COMMANDS.filter(([names]) => names.some((name) => wanted.includes(name))).map(([, load]) =>
      load(),
    ),
  );
  // The help and commander's errors in the reader's language, as the commands' errors are.
  const language = chooseHelpLanguage(args, process.env);
  const errorLanguage = chooseErrorLanguage(args, process.env);
  const say = (code: string) => renderMessage(language, { code });
  const program = new Command('preuve')
    .description(say('cli.program.description'))
    .version(readToolVersion(), '-V, --version', say('cli.program.versionOption'))
    .option('-C, --case <dir>', say('cli.program.option.case'))
    .option('--operator <name>', say('cli.program.option.operator'))
    .option('--json', say('cli.program.option.json'))
    .option('-q, --quiet', say('cli.program.option.quiet'))
    .option('-y, --yes', say('cli.program.option.yes'))
    .option('--lang <lang>', say('cli.program.option.lang'))
    .exitOverride()
    // One layout whatever the terminal's width (commander would follow it), so that the help
    // `npm run build` writes for bin/preuve.js is the help (scripts/write-help.js).
    .configureHelp({ helpWidth: HELP_WIDTH })
    .showHelpAfterError(renderMessage(errorLanguage, { code: 'cli.program.helpAfterError' }))
    .addHelpText('after', `\n${say('cli.program.helpAfter')}`);
  program.configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  speakCommanderLanguage(program, language, errorLanguage);
  for (const register of registers) register(program, signal);
  return program;
}

/** Runs the CLI and returns the exit code. Only this function maps errors to exit codes. */
export async function main(givenArgv: readonly string[]): Promise<number> {
  const argv = recoverRawArgv(givenArgv);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    controller.abort();
    if (interrupts > 1) process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let args: string[] | undefined;
  try {
    args = withWizardDefault(
      argv,
      isTerminal() &&
        isPromptAllowed({ yes: argv.includes('--yes') || argv.includes('-y') }, process.env),
    );
    const program = await createProgram(controller.signal, args ?? []);
    if (!args) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(args);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code))
        return 0;
      const language = chooseErrorLanguage(argv, process.env);
      const message =
        sayCommanderError(error.message, language) ?? error.message.replace(/^error: /, '');
      writeJsonError(argv, message, 2, 'usage');
      return 2;
    }
    if (error instanceof InterruptedError) {
      // The core's bare "Interrupted." is said in the reader's language; a fuller sentence (the
      // wizard's, saying how to resume) is already in it.
      const language = chooseErrorLanguage(argv, process.env);
      const text = error.detail
        ? renderMessage(language, error.detail)
        : error.message === new InterruptedError().message
          ? renderMessage(language, { code: 'error.cli.main.interrupted' })
          : error.message;
      process.stderr.write(`${escapeControlCharacters(text)}\n`);
      writeJsonError(argv, text, 130, 'interrupted');
      return 130;
    }
    if (error instanceof VerificationFailed) return 1;
    if (error instanceof BatchFailed) return error.isInterrupted ? 130 : 1;
    return reportUnexpected(args ?? argv, error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Prints any error the way the CLI prints errors and returns its exit code: a typed error with its
 * message, anything else as "unexpected error" with its message only (the stack only when
 * PREUVE_DEBUG is set: it helps a developer, not the parent reading it).
 */
export function reportUnexpected(argv: readonly string[], error: unknown): number {
  if (error instanceof PreuveError) {
    const text = describeError(error, chooseErrorLanguage(argv, process.env));
    process.stderr.write(`preuve: ${escapeControlCharacters(text)}\n`);
    writeJsonError(argv, text, error.exitCode, error.code);
    return error.exitCode;
  }
  const language = chooseErrorLanguage(argv, process.env);
  const message = error instanceof Error ? error.message : String(error);
  const detail = process.env.PREUVE_DEBUG && error instanceof Error ? error.stack : message;
  const unexpected = (text: string) =>
    renderMessage(language, { code: 'error.cli.main.unexpected', params: { message: text } });
  process.stderr.write(
    `preuve: ${unexpected(detail ?? message)}\n${renderMessage(language, { code: 'error.cli.main.nothingLost' })}\n`,
  );
  writeJsonError(argv, unexpected(message), 1, 'internal');
  return 1;
}

/**
 * Under --json a failed command still writes one JSON document, so that a script can always parse
 * stdout: `{"error":{"message":"…","exitCode":2,"code":"usage"}}`, on one line (also a valid JSON
 * Lines line). `code` is stable (see PreuveError.code); the message may be reworded.
 */
function writeJsonError(
  argv: readonly string[],
  message: string,
  exitCode: number,
  code: string,
): void {
  if (!argv.includes('--json')) return;
  process.stdout.write(`${JSON.stringify({ error: { message, exitCode, code } })}\n`);
}
