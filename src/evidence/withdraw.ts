import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import type { CustodyAction } from '../model/custody.js';
import { EvidenceError, UsageError } from '../model/errors.js';
import { type Exhibit, type ExhibitFile, formatExhibitId } from '../model/exhibit.js';
import { clockTime } from '../model/zone.js';
import { collectFiles } from './collect.js';
import { hashFile } from './hash.js';
import { ingestRegularFile } from './ingest-file.js';
import { noteText } from './notes.js';

export interface ExhibitChangeRequest {
  /** `P3` or `3`. */
  readonly exhibit: string;
  readonly operator: string;
  readonly clock: Clock;
}

export interface WithdrawRequest extends ExhibitChangeRequest {
  readonly reason: string;
}

export interface MarkRequest extends ExhibitChangeRequest {
  readonly isSensitive: boolean;
  /** For --not-sensitive on a hash-only item: the file again, checked against its hash. */
  readonly file?: string;
}

export interface ExhibitChangeResult {
  readonly exhibit: Exhibit;
  /** Copies removed from evidence/ (paths relative to the case). */
  readonly removed: readonly string[];
  /** Copies written (mark --not-sensitive). */
  readonly copied: readonly string[];
}

/**
 * Takes an exhibit's copies back out of the case: the number stays taken, case.json keeps every
 * hash, the custody log records the hashes and the reason, then the copies and what was derived
 * from them are removed.
 */
export async function withdrawExhibit(
  session: CaseSession,
  request: WithdrawRequest,
): Promise<ExhibitChangeResult> {
  const reason = request.reason.trim();
  if (!reason) {
    throw new UsageError({ code: 'error.evidence.withdraw.sayWhyExhibit' });
  }
  const exhibit = findExhibit(session, request.exhibit);
  if (exhibit.withdrawn) {
    throw new UsageError({
      code: 'error.evidence.withdraw.alreadyWithdrawnNothing',
      params: {
        formatExhibitId: formatExhibitId(exhibit.number),
        reason: exhibit.withdrawn.reason,
      },
    });
  }
  const at = clockTime(request.clock.now(), session.current().timeZone);
  const language = session.current().language;
  const next: Exhibit = {
    ...stripCopies(exhibit, 'withdrawn'),
    withdrawn: { at, by: request.operator, reason },
    notes: [
      ...exhibit.notes,
      noteText(language, 'withdrawn', { at: describeAt(at.instant), reason }),
    ],
  };
  return replaceExhibit(session, exhibit, next, {
    action: 'withdraw',
    details: { exhibit: formatExhibitId(exhibit.number), reason, files: custodyFiles(exhibit) },
  });
}

/**
 * Re-marks an exhibit. Sensitive: its copies are removed, only the hashes stay (an image found
 * intimate after it was added). Not sensitive: a hash-only item needs its file again, whose hash
 * must match; it is then copied like any other.
 */
export async function markExhibit(
  session: CaseSession,
  request: MarkRequest,
): Promise<ExhibitChangeResult> {
  const exhibit = findExhibit(session, request.exhibit);
  const id = formatExhibitId(exhibit.number);
  const caseFile = session.current();
  const at = clockTime(request.clock.now(), caseFile.timeZone);
  if (request.isSensitive) {
    if (exhibit.isSensitive)
      throw new UsageError({
        code: 'error.evidence.withdraw.alreadyMarkedSensitive',
        params: { id },
      });
    const next: Exhibit = {
      ...stripCopies(exhibit, 'sensitive'),
      kind: 'sensitive',
      isSensitive: true,
      notes: [
        ...exhibit.notes,
        noteText(caseFile.language, 'markedSensitive', { at: describeAt(at.instant) }),
      ],
    };
    return replaceExhibit(session, exhibit, next, {
      action: 'mark',
      details: { exhibit: id, isSensitive: true, files: custodyFiles(exhibit) },
    });
  }
  if (!exhibit.isSensitive)
    throw new UsageError({ code: 'error.evidence.withdraw.markedSensitive', params: { id } });
  const original = exhibit.files.find((file) => file.role === 'original');
  if (exhibit.files.length !== 1 || !original) {
    throw new UsageError({
      code: 'error.evidence.withdraw.singleFileCopy',
      params: {
        id,
        exhibit: exhibit.isDescriptionOnly ? 'described only' : `${exhibit.files.length} files`,
      },
    });
  }
  if (!request.file) {
    throw new UsageError({
      code: 'error.evidence.withdraw.hashedNeverCopied',
      params: { id, sourcePath: original.sourcePath, sha256: original.sha256 },
    });
  }
  const { files } = await collectFiles([request.file]);
  const given = files[0]!;
  const { sha256 } = await hashFile(given.realPath);
  if (sha256 !== original.sha256) {
    throw new EvidenceError({
      code: 'error.evidence.withdraw.fileShaExpected',
      params: { file: request.file, id, sha256, sha2562: original.sha256 },
    });
  }
  const copied = await ingestRegularFile(
    given,
    exhibit.number,
    {},
    {
      caseDir: session.caseDir,
      timeZone: caseFile.timeZone,
      language: caseFile.language,
      operator: request.operator,
      addedAt: at,
    },
  );
  const next: Exhibit = {
    ...exhibit,
    kind: copied.kind,
    isSensitive: false,
    files: copied.files.map((file) => ({ ...file, name: original.name })),
    times: copied.times,
    ...(copied.image ? { image: copied.image } : {}),
    notes: [
      ...exhibit.notes,
      noteText(caseFile.language, 'markedNotSensitive', { at: describeAt(at.instant) }),
    ],
  };
  try {
    return await replaceExhibit(session, exhibit, next, {
      action: 'mark',
      details: { exhibit: id, isSensitive: false, files: custodyFiles(next) },
    });
  } catch (error) {
    await rm(join(session.paths.evidenceDir, id), { recursive: true, force: true });
    throw error;
  }
}

function findExhibit(session: CaseSession, given: string): Exhibit {
  const number = Number(/^P?(\d+)$/i.exec(given.trim())?.[1]);
  const exhibit = session.current().exhibits.find((candidate) => candidate.number === number);
  if (!exhibit) {
    throw new UsageError({ code: 'error.evidence.withdraw.suchExhibitCase', params: { given } });
  }
  return exhibit;
}

/** The exhibit without its copies: every file hashed only, nothing derived from them. */
function stripCopies(exhibit: Exhibit, reason: 'withdrawn' | 'sensitive'): Exhibit {
  const { conversation: _conversation, image: _image, highlights: _highlights, ...rest } = exhibit;
  return {
    ...rest,
    files: exhibit.files.map((file): ExhibitFile => {
      const { storedPath: _storedPath, ...kept } = file;
      return file.isExcluded ? kept : { ...kept, isExcluded: true, excludedReason: reason };
    }),
  };
}

/**
 * Commits the changed exhibit with its custody line, then removes the old copies. They are moved
 * aside first (a `.tmp-` name the next command clears), so a crash never leaves a copy case.json
 * no longer records inside evidence/P<n>.
 */
async function replaceExhibit(
  session: CaseSession,
  before: Exhibit,
  after: Exhibit,
  action: CustodyAction,
): Promise<ExhibitChangeResult> {
  const id = formatExhibitId(before.number);
  const removed = before.files.flatMap((file) =>
    file.storedPath && !after.files.some((kept) => kept.storedPath === file.storedPath)
      ? [file.storedPath]
      : [],
  );
  const aside: string[] = [];
  if (removed.length > 0 || (before.conversation && !after.conversation)) {
    for (const dir of [session.paths.evidenceDir, session.paths.derivedDir]) {
      const from = join(dir, id);
      const to = join(dir, `.tmp-withdrawn-${id}`);
      await rm(to, { recursive: true, force: true });
      const isMoved = await rename(from, to).then(
        () => true,
        () => false,
      );
      if (isMoved) aside.push(to);
    }
  }
  const current = session.current();
  await session.commit(
    {
      ...current,
      exhibits: current.exhibits.map((exhibit) =>
        exhibit.number === before.number ? after : exhibit,
      ),
    },
    [action],
  );
  for (const path of aside) await rm(path, { recursive: true, force: true });
  const copied = after.files.flatMap((file) =>
    file.storedPath && !before.files.some((old) => old.storedPath === file.storedPath)
      ? [file.storedPath]
      : [],
  );
  return { exhibit: after, removed, copied };
}

function custodyFiles(exhibit: Exhibit) {
  return exhibit.files.map((file) => ({
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    ...(file.storedPath ? { storedPath: file.storedPath } : {}),
  }));
}

/** `2026-11-30T09:15:00.000Z` → `2026-11-30 09:15 UTC`: the note names the instant plainly. */
function describeAt(instant: string | undefined): string {
  return instant ? `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC` : '?';
}
