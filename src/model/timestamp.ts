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
}

/** A token stored in the case's timestamps/ folder, as the dossier takes it in. */
export interface StoredTimestamp {
  readonly summary: TimestampSummary;
  /** Files to put in data/timestamps/ (absolute paths). */
  readonly files: readonly string[];
}
