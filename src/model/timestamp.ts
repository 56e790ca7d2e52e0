import { type MessageLanguage, renderMessage } from './messages.js';

/** A trusted timestamp (RFC 3161) obtained for the dossier fingerprint, as the stamp module reports it. */
export interface TimestampSummary {
  /** Name or URL of the authority. */
  readonly authority: string;
  /** genTime of the token, UTC ISO. */
  readonly time: string;
  /** The fingerprint the token covers. */
  readonly fingerprint: string;
  /** e.g. `timestamps/fingerprint.tsr` in the ZIP. */
  readonly tokenFile?: string;
  readonly isVerified?: boolean;
  /** The last exhibit the stamp covers, when exhibits were added after it (P1–P3 only). */
  readonly coversUpTo?: string;
}

/** The authority's name, with "(P1–Pn only)" in the reader's language for a partial stamp. */
export function describeStampAuthority(stamp: TimestampSummary, language: MessageLanguage): string {
  return stamp.coversUpTo
    ? renderMessage(language, {
        code: 'stamp.partial',
        params: { authority: stamp.authority, last: stamp.coversUpTo },
      })
    : stamp.authority;
}

/** A token stored in the case's timestamps/ folder, as the dossier takes it in. */
export interface StoredTimestamp {
  readonly summary: TimestampSummary;
  /** Files to put in data/timestamps/ (absolute paths). */
  readonly files: readonly string[];
}
