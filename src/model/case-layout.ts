import { join } from 'node:path';

/** Names inside a case folder (DESIGN.md, "The case folder"). */
export const CASE_FILE = 'case.json';
export const CUSTODY_FILE = 'custody.jsonl';
export const LOCK_FILE = '.preuve.lock';
export const EVIDENCE_DIR = 'evidence';
export const DERIVED_DIR = 'derived';
export const OUT_DIR = 'out';
/** The write-ahead journal of a change being saved (case/change-journal.ts). */
export const JOURNAL_FILE = '.preuve-journal.json';
/** The wizard's progress file in a case folder. */
export const WIZARD_FILE = 'wizard.json';

/** Folders are private: the case holds a child's data. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;
/** Copies of originals are read-only. */
export const EVIDENCE_FILE_MODE = 0o400;

export function casePaths(caseDir: string) {
  return {
    caseFile: join(caseDir, CASE_FILE),
    custodyFile: join(caseDir, CUSTODY_FILE),
    lockFile: join(caseDir, LOCK_FILE),
    evidenceDir: join(caseDir, EVIDENCE_DIR),
    derivedDir: join(caseDir, DERIVED_DIR),
    outDir: join(caseDir, OUT_DIR),
  };
}
