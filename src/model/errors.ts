/**
 * Typed errors. The core throws these; only `src/cli/` maps them to exit codes and prints them.
 * Messages name the thing, the cause and the fix.
 */
export class PreuveError extends Error {
  /** Exit code documented in the README: 1 evidence/verification failure, 2 usage error. */
  readonly exitCode: 1 | 2;
  /**
   * Stable, for scripts (`--json`: `{"error":{"code":…}}`): the kind of error (`usage`, `evidence`,
   * `case-locked`…), or a more precise code where one was given (`chat.date-order-ambiguous`).
   */
  readonly code: string;
  constructor(message: string, exitCode: 1 | 2 = 1, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.code = options?.code ?? (exitCode === 2 ? 'usage' : 'evidence');
  }
}

export interface ErrorOptions {
  readonly cause?: unknown;
  /** A stable code more precise than the class's. */
  readonly code?: string;
}

/** The user asked for something that cannot be done as asked (bad flag, bad path, wrong folder). */
export class UsageError extends PreuveError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 2, options);
  }
}

/** Evidence or a case could not be read, or does not verify. */
export class EvidenceError extends PreuveError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, options);
  }
}

/** The case folder is locked by another preuve process. */
export class CaseLockedError extends PreuveError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 1, { code: 'case-locked', ...options });
  }
}

/** The user interrupted (Ctrl-C, SIGTERM). Exit 130. */
export class InterruptedError extends Error {
  constructor(message = 'Interrupted.') {
    super(message);
    this.name = 'InterruptedError';
  }
}
