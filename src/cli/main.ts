import { Command, CommanderError } from 'commander';
import { describeError, InterruptedError, PreuveError } from '../model/errors.js';
import { registerAdd } from './commands/add.js';
import { BatchFailed, registerBatch } from './commands/batch.js';
import { registerBuild } from './commands/build.js';
import { registerCases } from './commands/cases.js';
import { registerCheck } from './commands/check.js';
import { registerDemo } from './commands/demo.js';
import { registerFacts } from './commands/facts.js';
import { registerFindings } from './commands/findings.js';
import { registerHighlight } from './commands/highlight.js';
import { registerInit } from './commands/init.js';
import { registerKey } from './commands/key.js';
import { registerList } from './commands/list.js';
import { registerRecover } from './commands/recover.js';
import { registerShow } from './commands/show.js';
import { registerStamp } from './commands/stamp.js';
import { registerVerify, VerificationFailed } from './commands/verify.js';
import { registerWithdraw } from './commands/withdraw.js';
import { isTerminal, registerWizard, withWizardDefault } from './commands/wizard.js';
import { isPromptAllowed } from './context.js';
import { chooseErrorLanguage } from './error-language.js';
import { escapeControlCharacters } from './escape.js';
import { recoverRawArgv } from './raw-argv.js';
import { readToolVersion } from './version.js';

/** Builds the commander program. Each command lives in its own file under src/cli/commands/. */
export function createProgram(signal: AbortSignal): Command {
  const program = new Command('preuve')
    .description(
      'Evidence dossiers for online sextortion cases, offline: every file copied untouched, hashed, logged, and verifiable.',
    )
    .version(readToolVersion(), '-V, --version')
    .option('-C, --case <dir>', 'the case folder (default: the current folder, or PREUVE_CASE)')
    .option(
      '--operator <name>',
      'who is doing this (recorded in the custody log; default: PREUVE_OPERATOR)',
    )
    .option('--json', 'machine-readable output on stdout (messages go to stderr)')
    .option('-q, --quiet', 'print only errors')
    .option(
      '-y, --yes',
      'never ask a question (also when CI is set or stdin is not a terminal): fail naming the flag that answers it',
    )
    .option(
      '--lang <lang>',
      "language of the wizard and of messages: fr or en (default: the case's, else the system's)",
    )
    .exitOverride()
    .showHelpAfterError('(run "preuve --help" for the list of commands)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 evidence or verification failure, 2 usage error, 130 interrupted.
Nothing leaves this computer: only "preuve stamp" opens a network connection, to the authority you name.`,
    );
  program.configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  registerInit(program, signal);
  registerAdd(program, signal);
  registerList(program, signal);
  registerShow(program, signal);
  registerFacts(program, signal);
  registerFindings(program, signal);
  registerHighlight(program, signal);
  registerWithdraw(program, signal);
  registerStamp(program, signal);
  registerCheck(program, signal);
  registerKey(program, signal);
  registerBuild(program, signal);
  registerDemo(program, signal);
  registerVerify(program, signal);
  registerRecover(program, signal);
  registerWizard(program, signal);
  registerCases(program, signal);
  registerBatch(program, signal);
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
  const program = createProgram(controller.signal);
  let args: string[] | undefined;
  try {
    args = withWizardDefault(
      argv,
      isTerminal() &&
        isPromptAllowed({ yes: argv.includes('--yes') || argv.includes('-y') }, process.env),
    );
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
      writeJsonError(argv, error.message.replace(/^error: /, ''), 2, 'usage');
      return 2;
    }
    if (error instanceof InterruptedError) {
      process.stderr.write(`${escapeControlCharacters(error.message)}\n`);
      writeJsonError(argv, error.message, 130, 'interrupted');
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
  const message = error instanceof Error ? error.message : String(error);
  const detail = process.env.PREUVE_DEBUG && error instanceof Error ? error.stack : message;
  process.stderr.write(
    `preuve: unexpected error: ${detail}\nNothing was lost: the case is changed only when a step completes. Please report this error.\n`,
  );
  writeJsonError(argv, `unexpected error: ${message}`, 1, 'internal');
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
