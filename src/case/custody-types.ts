/**
 * One line of `custody.jsonl`: who did what, when, chained to the line before by its SHA-256.
 * The custody log module (src/case/) writes and verifies these; the dossier only prints them.
 */
export interface CustodyEntry {
  /** Position in the log, from 1. */
  readonly seq: number;
  /** UTC ISO 8601 instant (this computer's clock). */
  readonly at: string;
  /** Local UTC offset that applied at `at`, e.g. `+01:00`. */
  readonly offset: string;
  readonly operator: string;
  /** e.g. `case.init`, `exhibit.add`, `facts.import`, `dossier.build`. */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** SHA-256 of the previous line (64 zeros for the first). */
  readonly prevSha256: string;
}
