/**
 * Where a recorded time comes from. Every time shown in the dossier carries one.
 * - `exif`: the image's own EXIF DateTimeOriginal
 * - `file-name`: read from a screenshot/photo file name such as `Screenshot_20240312-210455.png`
 * - `file-mtime`: the original file's modification time on this computer
 * - `export`: the chat export's own timestamp for a message
 * - `email-date`: an e-mail's Date: header (when it says it was sent)
 * - `email-received`: an e-mail's first Received: header (its server's stamp), when Date: is
 *   missing or has no zone
 * - `clock`: this computer's clock when preuve did something (ingest, build)
 * - `declared`: typed by the user (facts, wizard)
 * - `tsa`: a trusted timestamp authority (RFC 3161)
 */
export type TimeSource =
  | 'exif'
  | 'file-name'
  | 'file-mtime'
  | 'export'
  | 'email-date'
  | 'email-received'
  | 'clock'
  | 'declared'
  | 'tsa';

export type TimePrecision = 'ms' | 'second' | 'minute' | 'day';

/**
 * A point in time as known from one source.
 *
 * Exactly one of two shapes:
 * - an exact instant (`instant` is an ISO 8601 UTC string ending in `Z`), optionally with the
 *   local UTC offset that applied where it was observed (`offset`, e.g. `+01:00`);
 * - a local wall-clock time with no offset in the source (`wallClock`, `YYYY-MM-DDTHH:mm[:ss]`),
 *   plus the IANA zone it was interpreted in (`zone`) when one was assumed; `instant` is then
 *   the result of that interpretation, and `isZoneAssumed` is true.
 */
export interface RecordedTime {
  readonly source: TimeSource;
  readonly instant?: string;
  readonly offset?: string;
  readonly wallClock?: string;
  readonly zone?: string;
  readonly isZoneAssumed?: boolean;
  readonly precision: TimePrecision;
  /** Human explanation, e.g. "EXIF without OffsetTimeOriginal: camera local time". */
  readonly note?: string;
}
