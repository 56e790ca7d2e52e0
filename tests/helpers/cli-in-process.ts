/**
 * Runs the CLI's own entry (src/cli/main.ts: commander, the command, the mapping of errors to an
 * exit code and a message) inside the test worker, with the environment runPreuve gives a spawned
 * preuve and its output captured. For the long lists of refusals (hostile outputs, tampered
 * dossiers): each spawned preuve pays about a second of start-up, which these pay once per worker.
 * The same list keeps a few spawned runs of bin/preuve.js, for what only a real process shows.
 *
 * A stack trace in the output means the error escaped the typed errors, as in a spawned run
 * (reportUnexpected prints the stack only under PREUVE_DEBUG, which this never sets).
 */
import { main } from '../../src/cli/main.js';
import { BIN, type RunResult, TEST_ENV } from './cli.js';

let running = false;

/** Runs `preuve ...args` in this process; one at a time (process.env and the streams are shared). */
export async function runPreuveInProcess(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<RunResult> {
  if (running) throw new Error('runPreuveInProcess: one run at a time');
  running = true;
  const env: Record<string, string> = { ...TEST_ENV, ...options.env };
  const saved = new Map(
    [...Object.keys(env), 'PREUVE_DEBUG'].map((key) => [key, process.env[key]] as const),
  );
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  // What a spawned preuve's process.argv holds: some code reads the language from it (--lang given
  // before the command name), not from the argv main() is given.
  const savedArgv = process.argv;
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  try {
    Object.assign(process.env, env);
    delete process.env.PREUVE_DEBUG;
    process.stdout.write = capture((text) => (stdout += text));
    process.stderr.write = capture((text) => (stderr += text));
    process.argv = [process.execPath, BIN, ...args];
    const code = await main(process.argv);
    return { code, stdout, stderr };
  } finally {
    process.argv = savedArgv;
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    running = false;
  }
}
