import { Command, CommanderError } from 'commander';
import { InterruptedError, PreuveError } from '../model/errors.js';

/** Builds the commander program. Each command lives in its own file under src/cli/commands/. */
export function createProgram(): Command {
  const program = new Command('preuve')
    .description(
      'Evidence dossiers for online sextortion cases, offline: hashed, timestamped, verifiable.',
    )
    .exitOverride()
    .showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code. Only this function maps errors to exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof InterruptedError) {
      process.stderr.write(`${error.message}\n`);
      return 130;
    }
    if (error instanceof PreuveError) {
      process.stderr.write(`preuve: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
