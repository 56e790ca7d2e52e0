import {
  type Message,
  type MessageLanguage,
  type MessageParam,
  renderMessage,
} from './messages.js';

/**
 * Typed errors. The core throws these; only `src/cli/` maps them to exit codes and prints them.
 * Messages name the thing, the cause and the fix, as a code of templates/<lang>/messages.json
 * (`error.…`) with its parameters, so that the French wizard and a French run print French.
 */
export class PreuveError extends Error {
  /** Exit code documented in the README: 1 evidence/verification failure, 2 usage error. */
  readonly exitCode: 1 | 2;
  /**
   * Stable, for scripts (`--json`: `{"error":{"code":…}}`): the kind of error (`usage`, `evidence`,
   * `case-locked`…), or a more precise code where one was given (`chat.date-order-ambiguous`).
   */
  readonly code: string;
  /** What to tell the user, rendered in their language by `describeError`; `message` is its English. */
  readonly detail: Message;
  constructor(message: ErrorMessage | string, exitCode: 1 | 2 = 1, options?: ErrorOptions) {
    const detail = toMessage(message);
    super(
      renderMessage('en', detail),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.detail = detail;
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = options?.code ?? (exitCode === 2 ? 'usage' : 'evidence');
  }
}

/** An error's text: a catalogue code with parameters (any value is shown as its string). */
export interface ErrorMessage {
  readonly code: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

function toMessage(message: ErrorMessage | string): Message {
  // A sentence without a code: only src/cli/ still throws these (a test keeps the core to codes).
  if (typeof message === 'string') return { code: 'error.text', params: { text: message } };
  const params: Record<string, MessageParam> = {};
  for (const [name, value] of Object.entries(message.params ?? {}))
    params[name] = isMessageParam(value) ? value : String(value);
  return { code: message.code, params };
}

function isMessageParam(value: unknown): value is MessageParam {
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (Array.isArray(value)) return value.every(isMessage);
  return isMessage(value);
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).code === 'string';
}

/** The text of an error for the user, in their language: a PreuveError's code, else its message. */
export function describeError(error: unknown, language: MessageLanguage): string {
  if (error instanceof PreuveError) return renderMessage(language, error.detail);
  return error instanceof Error ? error.message : String(error);
}

export interface ErrorOptions {
  readonly cause?: unknown;
  /** A stable code more precise than the class's. */
  readonly code?: string;
}

/** The user asked for something that cannot be done as asked (bad flag, bad path, wrong folder). */
export class UsageError extends PreuveError {
  constructor(message: ErrorMessage | string, options?: ErrorOptions) {
    super(message, 2, options);
  }
}

/** Evidence or a case could not be read, or does not verify. */
export class EvidenceError extends PreuveError {
  constructor(message: ErrorMessage | string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/** The case folder is locked by another preuve process. */
export class CaseLockedError extends PreuveError {
  constructor(message: ErrorMessage | string, options?: ErrorOptions) {
    super(message, 1, { code: 'case-locked', ...options });
  }
}

/**
 * The user interrupted (Ctrl-C, SIGTERM). Exit 130. The message is the bare "Interrupted.", a
 * sentence already in the reader's language (the wizard's), or a code saying what was kept and
 * how to resume (`detail`, rendered by the CLI in the reader's language; `message` is its English).
 */
export class InterruptedError extends Error {
  readonly detail: Message | undefined;
  constructor(message: string | ErrorMessage = 'Interrupted.') {
    const detail = typeof message === 'string' ? undefined : toMessage(message);
    super(detail ? renderMessage('en', detail) : (message as string));
    this.detail = detail;
    this.name = 'InterruptedError';
  }
}
