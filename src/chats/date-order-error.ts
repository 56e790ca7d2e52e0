import { UsageError } from '../model/errors.js';

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/**
 * The export's dates could be day/month or month/day and nothing in it settles which. The wizard
 * catches this (`error.code`) to ask the user; scripts must pass `--date-order dmy|mdy`.
 */
export class AmbiguousDateOrderError extends UsageError {
  override readonly code = 'ambiguous-date-order';
  /** The chat file inside the export. */
  readonly chatFile: string;
  /** A few dates as written, to show the user (e.g. `03/04/24`). */
  readonly examples: readonly string[];
  readonly candidates: readonly DateOrder[] = ['dmy', 'mdy'];

  constructor(chatFile: string, examples: readonly string[]) {
    super({
      code: 'error.chats.dateOrderAmbiguous',
      params: { chatFile, examples: examples.join(', ') },
    });
    this.chatFile = chatFile;
    this.examples = examples;
  }
}
