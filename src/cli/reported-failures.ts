import { PreuveError } from '../model/errors.js';

/**
 * Failures whose report the command has already printed: main maps them to their exit code and
 * prints nothing more. Apart from their commands so that main knows them without loading them.
 */
/** Thrown by verify after the report is printed, to exit 1 without printing it twice. */
export class VerificationFailed extends PreuveError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** Thrown by batch after the summary is printed: exit 1 (or 130) without printing anything more. */
export class BatchFailed extends PreuveError {
  readonly isInterrupted: boolean;
  constructor(message: string, isInterrupted: boolean) {
    super(message, 1);
    this.isInterrupted = isInterrupted;
  }
}
