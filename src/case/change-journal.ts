import { open, readFile, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory, writeFileAtomic } from '../model/atomic-write.js';
import { JOURNAL_FILE } from '../model/case-layout.js';
import type { RecoveredChange } from '../model/case-session.js';
import {
  appendCustodyText,
  type CustodyAction,
  type CustodyEntry,
  parseCustodyLines,
  prepareCustodyLines,
  readCheckedCustodyLines,
} from '../model/custody.js';
import { EvidenceError } from '../model/errors.js';
import { reachFaultPoint } from '../model/fault-point.js';

/**
 * The write-ahead journal of a case change. A change (case.json and its custody lines, or custody
 * lines alone) is first written whole to this file, atomically; then case.json is replaced, the
 * lines appended, and the journal removed. A crash at any instant leaves either no journal (the
 * change did not start, or is complete) or a journal holding everything needed to finish it.
 * Its name, JOURNAL_FILE, is in model/case-layout.ts with the case folder's other names.
 */

export interface ChangeJournal {
  readonly version: 1;
  /** The command that made the change (`add`, `facts import`, …), to say what was interrupted. */
  readonly command: string;
  /** custody.jsonl's size in bytes and lines before the change. */
  readonly custodyBytesBefore: number;
  readonly custodyLinesBefore: number;
  /** The whole new case.json, when the change has one. */
  readonly caseJson?: string;
  /** The custody lines to append, each ending in a newline. */
  readonly custody: string;
  /** The change is being finished by a later command (its `recover` line is in `custody`). */
  readonly isRecovery?: boolean;
}

export interface ChangeContext {
  readonly command: string;
  readonly operator: string;
  readonly at: Date;
  readonly timeZone: string;
}

export function journalPath(caseDir: string): string {
  return join(caseDir, JOURNAL_FILE);
}

/**
 * Applies one change to a case in write-ahead order: journal, case.json, custody lines, journal
 * removed. Returns the custody entries written.
 */
export async function applyCaseChange(
  caseDir: string,
  files: { readonly caseFile: string; readonly custodyFile: string },
  change: { readonly caseJson?: string; readonly actions: readonly CustodyAction[] },
  context: ChangeContext,
): Promise<CustodyEntry[]> {
  if (change.actions.length === 0 && change.caseJson === undefined) return [];
  const existing = await readCheckedCustodyLines(files.custodyFile);
  const prepared = prepareCustodyLines(existing, change.actions, context);
  const journal: ChangeJournal = {
    version: 1,
    command: context.command,
    custodyBytesBefore: await sizeOf(files.custodyFile),
    custodyLinesBefore: existing.length,
    ...(change.caseJson !== undefined ? { caseJson: change.caseJson } : {}),
    custody: prepared.text,
  };
  await writeFileAtomic(journalPath(caseDir), JSON.stringify(journal));
  await finishChange(caseDir, files, journal);
  return prepared.entries;
}

/** Reads the journal of an interrupted change, or undefined when the case has none. */
export async function readChangeJournal(caseDir: string): Promise<ChangeJournal | undefined> {
  const path = journalPath(caseDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const journal = JSON.parse(text) as ChangeJournal;
    if (journal.version !== 1 || typeof journal.custody !== 'string') throw new Error('unknown');
    return journal;
  } catch (error) {
    // Written atomically, so never half-written: a file that does not parse was not written by preuve.
    throw new EvidenceError(
      { code: 'error.case.changeJournal.journalPreuveWrote', params: { path } },
      { cause: error },
    );
  }
}

/**
 * Finishes a change a crash interrupted, from its journal, and logs that it did (a `recover`
 * custody line after the change's own lines). Rolling forward is always possible: the journal holds
 * the whole new case.json and every line, and evidence copies are made durable before a change is
 * journaled. Safe to run again if it is itself interrupted.
 */
export async function recoverInterruptedChange(
  caseDir: string,
  files: { readonly caseFile: string; readonly custodyFile: string },
  context: ChangeContext,
): Promise<RecoveredChange | undefined> {
  const journal = await readChangeJournal(caseDir);
  if (!journal) return undefined;
  const before = (await readFile(files.custodyFile).catch(() => Buffer.alloc(0)))
    .subarray(0, journal.custodyBytesBefore)
    .toString('utf8');
  // The lines before the change must still chain: never finish a change on a tampered log.
  parseCustodyLines(
    before.split('\n').filter((line) => line !== ''),
    files.custodyFile,
  );
  let final = journal;
  if (!journal.isRecovery) {
    const lines = `${before}${journal.custody}`.split('\n').filter((line) => line !== '');
    const changeSeqs = journal.custody
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as CustodyEntry).seq);
    const recoverLine = prepareCustodyLines(
      lines,
      [
        {
          action: 'recover',
          details: {
            interrupted: journal.command,
            completed: changeSeqs,
            how: 'finished on opening from the write-ahead journal',
          },
        },
      ],
      context,
    );
    final = { ...journal, custody: journal.custody + recoverLine.text, isRecovery: true };
    await writeFileAtomic(journalPath(caseDir), JSON.stringify(final));
  }
  await finishChange(caseDir, files, final);
  const entries = final.custody
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CustodyEntry);
  return { command: journal.command, entries };
}

/** Steps 2 to 4 of a change; each is idempotent, so a recovery can repeat them. */
async function finishChange(
  caseDir: string,
  files: { readonly caseFile: string; readonly custodyFile: string },
  journal: ChangeJournal,
): Promise<void> {
  if (journal.caseJson !== undefined) await writeFileAtomic(files.caseFile, journal.caseJson);
  await completeCustody(files.custodyFile, journal);
  reachFaultPoint();
  await rm(journalPath(caseDir), { force: true });
  reachFaultPoint();
  await syncDirectory(dirname(journalPath(caseDir)));
}

/** Appends the journal's lines unless custody.jsonl already ends with them; a torn append is cut off first. */
async function completeCustody(custodyFile: string, journal: ChangeJournal): Promise<void> {
  const bytes = await readFile(custodyFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const expected = Buffer.from(journal.custody, 'utf8');
  const before = journal.custodyBytesBefore;
  if (bytes.length < before) {
    throw new EvidenceError({
      code: 'error.case.changeJournal.shorterWhenInterrupted',
      params: { custodyFile, command: journal.command, length: bytes.length, before },
    });
  }
  const after = bytes.subarray(before);
  if (after.equals(expected)) return;
  if (!expected.subarray(0, after.length).equals(after)) {
    throw new EvidenceError({
      code: 'error.case.changeJournal.holdsLinesInterrupted',
      params: { custodyFile, command: journal.command },
    });
  }
  if (after.length > 0) {
    reachFaultPoint();
    await truncate(custodyFile, before);
    await syncFile(custodyFile);
  }
  await appendCustodyText(custodyFile, journal.custody);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
