import type { casePaths } from './case-layout.js';
import type { CaseFile } from './case-schema.js';
import type { CustodyAction, CustodyEntry } from './custody.js';

/**
 * An open, locked case: read it, change it, commit changes with their custody entries. Opened by
 * case/store.ts (withCase); declared here so that the core folders that work inside an open case
 * (evidence, dossier, timestamp) are handed one without importing case/.
 */
export interface CaseSession {
  readonly caseDir: string;
  readonly paths: ReturnType<typeof casePaths>;
  /** The case as last loaded or committed. */
  current(): CaseFile;
  /**
   * Saves case.json and appends the custody entries as one crash-atomic change (write-ahead
   * journal, see case/change-journal.ts): after a crash the next command finishes it.
   */
  commit(next: CaseFile, actions: readonly CustodyAction[]): Promise<CustodyEntry[]>;
  /** Appends custody entries without changing case.json (e.g. build), crash-atomically too. */
  log(actions: readonly CustodyAction[]): Promise<CustodyEntry[]>;
  /** Leftovers of an interrupted command removed when the case was opened (paths). */
  readonly cleanedUp: readonly string[];
  /** A change a crash interrupted, finished when the case was opened. */
  readonly recovered?: RecoveredChange;
}

/** A change a crash interrupted, finished by the next command that opened the case. */
export interface RecoveredChange {
  /** The interrupted command. */
  readonly command: string;
  /** Custody entries the recovery wrote: the interrupted change's, then the `recover` line. */
  readonly entries: readonly CustodyEntry[];
}

/**
 * Reading a case without changing it, handed in by the use case to the checks that read a case
 * folder (verify/case.ts): case/store.ts's loadCase and case/change-journal.ts's journal.
 */
export interface CaseReader {
  /** Loads and validates case.json (throws a typed error naming the fix). */
  loadCase(caseDir: string): Promise<CaseFile>;
  /** The change an interrupted command left half-saved, if any (its command name). */
  readPendingChange(caseDir: string): Promise<{ readonly command: string } | undefined>;
}
