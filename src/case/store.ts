import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  CASE_FILE,
  CUSTODY_FILE,
  casePaths,
  DERIVED_DIR,
  DIR_MODE,
  EVIDENCE_DIR,
  JOURNAL_FILE,
  LOCK_FILE,
  OUT_DIR,
} from '../model/case-layout.js';
import {
  CASE_SCHEMA_VERSION,
  type CaseFile,
  CaseSchema,
  parseCaseFile,
} from '../model/case-schema.js';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import { type CustodyAction, parseCustodyLines, readCustodyLines } from '../model/custody.js';
import { EvidenceError, UsageError } from '../model/errors.js';
import { describeSchemaIssues } from '../model/schema-issues.js';
import { isValidTimeZone } from '../model/zone.js';
import { applyCaseChange, recoverInterruptedChange } from './change-journal.js';
import { acquireCaseLock } from './lock.js';
import { createCaseReference } from './reference.js';

export interface InitCaseRequest {
  readonly dir: string;
  readonly operator: string;
  readonly organisation?: string;
  readonly language: 'fr' | 'en';
  readonly timeZone: string;
  /** Given reference (scripts, specs); otherwise a new one is made. */
  readonly reference?: string;
  readonly clock: Clock;
  readonly randomBytes?: (size: number) => Uint8Array;
}

/**
 * Creates a case folder: case.json, custody.jsonl with its first entry, evidence/, derived/, out/.
 * Refuses a folder that already holds a case or any other file.
 */
export async function initCase(request: InitCaseRequest): Promise<CaseFile> {
  const caseDir = resolve(request.dir);
  if (!isValidTimeZone(request.timeZone)) {
    throw new UsageError({
      code: 'error.case.store.timeZoneName',
      params: { timeZone: request.timeZone },
    });
  }
  const existing = await readdir(caseDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'ENOTDIR') {
      throw new UsageError({ code: 'error.case.store.fileFolderChoose', params: { caseDir } });
    }
    throw error;
  });
  if (existing?.includes(CASE_FILE)) {
    throw new UsageError({ code: 'error.case.store.alreadyHoldsCase', params: { caseDir } });
  }
  if (existing && (await isInterruptedInit(caseDir, existing))) {
    // A crash during a previous init left only its own skeleton: start again from nothing.
    for (const name of existing) await rm(join(caseDir, name), { recursive: true, force: true });
  } else if (existing && existing.length > 0) {
    throw new UsageError({
      code: 'error.case.store.emptyCaseHolds',
      params: {
        caseDir,
        existing: existing.slice(0, 3).join(', '),
        existing2: existing.length > 3 ? ', …' : '',
      },
    });
  }
  const now = request.clock.now();
  const reference =
    request.reference ??
    createCaseReference(now, request.timeZone, (request.randomBytes ?? randomBytes)(4));
  const caseFile: CaseFile = parseCaseFile({
    schemaVersion: CASE_SCHEMA_VERSION,
    reference,
    createdAt: now.toISOString(),
    language: request.language,
    timeZone: request.timeZone,
    operator: {
      name: request.operator,
      ...(request.organisation ? { organisation: request.organisation } : {}),
    },
    nextExhibitNumber: 1,
    exhibits: [],
    facts: {},
  });
  const paths = casePaths(caseDir);
  await mkdir(caseDir, { recursive: true, mode: DIR_MODE });
  await chmod(caseDir, DIR_MODE);
  for (const dir of [paths.evidenceDir, paths.derivedDir, paths.outDir]) {
    await mkdir(dir, { mode: DIR_MODE });
  }
  await applyCaseChange(
    caseDir,
    paths,
    {
      caseJson: serializeCase(caseFile),
      actions: [
        {
          action: 'init',
          details: {
            reference,
            language: request.language,
            timeZone: request.timeZone,
            schemaVersion: CASE_SCHEMA_VERSION,
          },
        },
      ],
    },
    { command: 'init', operator: request.operator, at: now, timeZone: request.timeZone },
  );
  return caseFile;
}

/** The folder holds only what an interrupted init writes before case.json: empty folders, a journal, temporaries. */
async function isInterruptedInit(caseDir: string, names: readonly string[]): Promise<boolean> {
  if (names.length === 0) return false;
  const skeleton = new Set([EVIDENCE_DIR, DERIVED_DIR, OUT_DIR]);
  for (const name of names) {
    if (name === JOURNAL_FILE || (name.startsWith('.') && name.includes('.tmp-'))) continue;
    if (!skeleton.has(name)) return false;
    const inside = await readdir(join(caseDir, name)).catch(() => ['?']);
    if (inside.length > 0) return false;
  }
  return true;
}

/** Reads and validates case.json. Every problem names the file and what to do. */
export async function loadCase(caseDir: string): Promise<CaseFile> {
  const { caseFile } = casePaths(resolve(caseDir));
  let text: string;
  try {
    text = await readFile(caseFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && (await isCaseFolderJournal(resolve(caseDir)))) {
      throw new UsageError(
        {
          code: 'error.case.store.beingCreatedWhen',
          params: { caseDir: resolve(caseDir), CASE_FILE },
        },
        { cause: error },
      );
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UsageError(
        {
          code: 'error.case.store.caseFolderCreate',
          params: { caseDir: resolve(caseDir), CASE_FILE },
        },
        { cause: error },
      );
    }
    throw new EvidenceError(
      {
        code: 'error.case.store.readCheckFolder',
        params: { caseFile, value: (error as Error).message },
      },
      {
        cause: error,
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EvidenceError(
      {
        code: 'error.case.store.corruptValidJson',
        params: { caseFile, value: (error as Error).message },
      },
      { cause: error },
    );
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > CASE_SCHEMA_VERSION) {
    throw new UsageError({
      code: 'error.case.store.writtenNewerPreuve',
      params: { caseFile, version, CASE_SCHEMA_VERSION },
    });
  }
  const parsed = CaseSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeSchemaIssues(parsed.error.issues, 3);
    throw new EvidenceError({
      code: 'error.case.store.expectedContentNothing',
      params: { caseFile, issues },
    });
  }
  return parsed.data as CaseFile;
}

/** case.json text: stable key order as written, two-space indent, final newline. */
export function serializeCase(caseFile: CaseFile): string {
  return `${JSON.stringify(caseFile, null, 2)}\n`;
}

export interface OpenCaseOptions {
  readonly command: string;
  readonly operator: string;
  readonly clock: Clock;
}

/**
 * Locks the case, loads it, finishes a change a crash interrupted (write-ahead journal), removes
 * leftovers of an interrupted command (evidence or derived folders of exhibits that were never
 * recorded, temporary files), logs both, runs `work`, and always releases the lock.
 */
export async function withCase<T>(
  caseDir: string,
  options: OpenCaseOptions,
  work: (session: CaseSession) => Promise<T>,
): Promise<T> {
  const dir = resolve(caseDir);
  await loadCase(dir);
  const lock = await acquireCaseLock(dir, options.command, options.clock.now());
  try {
    let caseFile = await loadCase(dir);
    const paths = casePaths(dir);
    const context = (at: Date, timeZone: string) => ({
      command: options.command,
      operator: options.operator,
      at,
      timeZone,
    });
    // Finish a change a crash interrupted (its journal holds every byte of it), then check the log.
    const recovered = await recoverInterruptedChange(
      dir,
      paths,
      context(options.clock.now(), caseFile.timeZone),
    );
    if (recovered) caseFile = await loadCase(dir);
    // Refuse to change a case whose log was tampered with, before anything is written.
    const custodyLines = await readCustodyLines(paths.custodyFile).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        throw new EvidenceError({
          code: 'error.case.store.missingCaseS',
          params: { custodyFile: paths.custodyFile },
        });
      },
    );
    parseCustodyLines(custodyLines, paths.custodyFile);
    const restored: string[] = [];
    const cleanedUp = await removeUnrecordedLeftovers(dir, caseFile, restored);
    const change = (caseJson: string | undefined, actions: readonly CustodyAction[]) =>
      applyCaseChange(
        dir,
        paths,
        { ...(caseJson !== undefined ? { caseJson } : {}), actions },
        context(options.clock.now(), caseFile.timeZone),
      );
    if (restored.length > 0) {
      await change(undefined, [
        {
          action: 'recover',
          details: {
            restored: restored.map((path) => relative(dir, path).split('\\').join('/')),
            how: 'copies moved aside by an interrupted withdraw or mark put back: its change was never saved',
          },
        },
      ]);
    }
    if (cleanedUp.length > 0) {
      await change(undefined, [
        {
          action: 'recover',
          details: {
            removed: cleanedUp.map((path) => relative(dir, path).split('\\').join('/')),
            how: 'left by an interrupted command, never recorded in case.json',
          },
        },
      ]);
    }
    const session: CaseSession = {
      caseDir: dir,
      paths,
      cleanedUp,
      ...(recovered ? { recovered } : {}),
      current: () => caseFile,
      commit: async (next, actions) => {
        const validated = parseCaseFile(next);
        const entries = await change(serializeCase(validated), actions);
        caseFile = validated;
        return entries;
      },
      log: (actions) => change(undefined, actions),
    };
    return await work(session);
  } finally {
    await lock.release();
  }
}

/** Folders `P<n>` and temporary files under evidence/ and derived/ that case.json does not record. */
async function removeUnrecordedLeftovers(
  caseDir: string,
  caseFile: CaseFile,
  restored: string[],
): Promise<string[]> {
  const recorded = new Set(caseFile.exhibits.map((exhibit) => `P${exhibit.number}`));
  const removed: string[] = [];
  const paths = casePaths(caseDir);
  // Temporary files of atomic writes interrupted in the case folder itself (case.json, journal).
  for (const name of await readdir(caseDir).catch(() => [] as string[])) {
    if (name.startsWith('.') && name.includes('.tmp-')) {
      await rm(join(caseDir, name), { force: true });
      removed.push(join(caseDir, name));
    }
  }
  for (const dir of [paths.evidenceDir, paths.derivedDir]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      // A withdraw or mark moves the copies aside before its change is saved: if case.json still
      // records them, the change never happened, so they go back (rolled back), never deleted.
      const aside = /^\.tmp-withdrawn-(P(\d+))$/.exec(name);
      const owner = aside
        ? caseFile.exhibits.find((exhibit) => exhibit.number === Number(aside[2]))
        : undefined;
      const stillRecorded =
        owner !== undefined &&
        (dir === paths.evidenceDir
          ? owner.files.some((file) => file.storedPath !== undefined)
          : owner.conversation !== undefined);
      if (aside && stillRecorded && !names.includes(aside[1]!)) {
        await rename(join(dir, name), join(dir, aside[1]!));
        restored.push(join(dir, aside[1]!));
        continue;
      }
      const isExhibitFolder = /^P\d+$/.test(name);
      const isTemporary = name.startsWith('.tmp-') || name.startsWith('.staging-');
      if ((isExhibitFolder && !recorded.has(name)) || isTemporary) {
        await rm(join(dir, name), { recursive: true, force: true });
        removed.push(join(dir, name));
      }
    }
  }
  return removed;
}

async function isCaseFolderJournal(dir: string): Promise<boolean> {
  return readFile(join(dir, JOURNAL_FILE)).then(
    () => true,
    () => false,
  );
}

/** True when the folder looks like a case (has case.json). */
export async function isCaseFolder(dir: string): Promise<boolean> {
  try {
    await readFile(join(dir, CASE_FILE));
    return true;
  } catch {
    return false;
  }
}

export { CASE_FILE, CUSTODY_FILE, LOCK_FILE };
