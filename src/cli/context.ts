import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { type Clock, fixedClock, systemClock } from '../model/clock.js';
import { type MessageLanguage, type MessageParam, renderMessage } from '../model/messages.js';
import { chooseErrorLanguage } from './error-language.js';
import { escapeControlCharacters } from './escape.js';

/** Options every command understands (commander puts them on the root program). */
export interface GlobalOptions {
  readonly case?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly operator?: string;
  readonly yes?: boolean;
}

/** What a command needs from the outside world, built once from flags and environment. */
export interface CliContext {
  readonly caseDir: string;
  readonly clock: Clock;
  readonly operator: string;
  readonly isOperatorExplicit: boolean;
  readonly output: Output;
  readonly signal: AbortSignal;
  readonly env: NodeJS.ProcessEnv;
  /** A question may be asked: stdin is a terminal, and neither --yes nor CI is set. */
  readonly canPrompt: boolean;
  /** The language the command speaks: its errors' (--lang, else the system locale, else English). */
  readonly language: MessageLanguage;
  /** A line of the command's output, from the catalogue (templates/<lang>/messages.json). */
  say(code: string, params?: Readonly<Record<string, MessageParam>>): string;
}

/** Human messages go to stdout, or to stderr under --json so stdout holds only the JSON. */
export interface Output {
  readonly isJson: boolean;
  info(message: string): void;
  warn(message: string): void;
  json(value: unknown): void;
  /** One compact JSON line (JSON Lines, for batch). */
  jsonLine(value: unknown): void;
  /** True when progress bars may be drawn (stderr is a terminal, not --json/--quiet). */
  readonly isInteractive: boolean;
  progress(line: string): void;
  endProgress(): void;
}

export function createOutput(options: { json?: boolean; quiet?: boolean }): Output {
  const isJson = Boolean(options.json);
  const isQuiet = Boolean(options.quiet);
  const human = isJson ? process.stderr : process.stdout;
  const isInteractive = Boolean(process.stderr.isTTY) && !isQuiet && !isJson;
  let progressShown = false;
  return {
    isJson,
    isInteractive,
    info: (message) => {
      if (!isQuiet) human.write(`${escapeControlCharacters(message)}\n`);
    },
    warn: (message) => {
      process.stderr.write(`${escapeControlCharacters(message)}\n`);
    },
    json: (value) => {
      process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    jsonLine: (value) => {
      process.stdout.write(`${JSON.stringify(value)}\n`);
    },
    progress: (line) => {
      if (!isInteractive) return;
      process.stderr.write(`\r\u001b[2K${line.slice(0, (process.stderr.columns ?? 80) - 1)}`);
      progressShown = true;
    },
    endProgress: () => {
      if (progressShown) process.stderr.write('\r\u001b[2K');
      progressShown = false;
    },
  };
}

/**
 * The clock: the system's, unless PREUVE_NOW fixes it (tests, reproducible demo builds).
 * The operator: --operator, else PREUVE_OPERATOR, else the login name.
 */
export function createContext(
  options: GlobalOptions,
  signal: AbortSignal,
  env = process.env,
): CliContext {
  const explicitOperator = options.operator ?? env.PREUVE_OPERATOR;
  // Read from the command line as the error language is (main.ts), not from the options: `init`
  // has its own --lang, the dossier's, whose default must not decide the terminal's language.
  const language = chooseErrorLanguage(process.argv, env);
  return {
    caseDir: resolve(options.case ?? env.PREUVE_CASE ?? '.'),
    clock: env.PREUVE_NOW ? fixedClock(env.PREUVE_NOW) : systemClock,
    operator: explicitOperator?.trim() || safeUserName(),
    isOperatorExplicit: Boolean(explicitOperator?.trim()),
    output: createOutput(options),
    signal,
    env,
    canPrompt: isPromptAllowed(options, env),
    language,
    say: (code, params) => renderMessage(language, params ? { code, params } : { code }),
  };
}

/**
 * Questions are asked only on a terminal, and never under --yes or in CI (CI set to anything but
 * "" / "0" / "false"): there, a question that would be needed is an error naming its flag.
 */
export function isPromptAllowed(options: { yes?: boolean }, env = process.env): boolean {
  const isCi = Boolean(env.CI) && !['0', 'false'].includes(env.CI!.toLowerCase());
  return Boolean(process.stdin.isTTY) && !options.yes && !isCi;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Formats a byte count for people in the command's language: 1.2 MB, 1,2 Mo (cli.size.…). */
export function formatBytes(bytes: number, say: CliContext['say']): string {
  if (bytes < 1000) return say('cli.size.B', { value: String(bytes) });
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value.toFixed(value < 10 ? 1 : 0).replace('.', say('cli.size.decimalSeparator'));
  return say(`cli.size.${units[unit]}`, { value: digits });
}
