import { closeSync, fstatSync, openSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DIR_MODE, EVIDENCE_DIR, EVIDENCE_FILE_MODE } from '../model/case-layout.js';
import { EvidenceError, InterruptedError } from '../model/errors.js';
import type { Exhibit, ExhibitFile, ExhibitKind } from '../model/exhibit.js';
import { escapeFsName, toFsPath } from '../model/fs-path.js';
import type { RecordedTime } from '../model/time.js';
import { interpretWallClock, offsetAt } from '../model/zone.js';
import type { CollectedFile } from './collect.js';
import { readTimeFromFileName } from './file-name-time.js';
import {
  CopyMismatchError,
  copyAndHash,
  copyAndHashSmall,
  type HashResult,
  hashFile,
  type ProgressCallback,
  SMALL_FILE_BYTES,
} from './hash.js';
import { detectMime, kindFromMime, readExifTime, readImageInfo } from './metadata.js';
import { type NoteLanguage, noteText } from './notes.js';
import { toSafeFileName } from './stored-name.js';

/** What the user said about the evidence (flags or wizard answers). */
export interface ExhibitDetails {
  readonly description?: string;
  readonly kind?: ExhibitKind;
  readonly app?: string;
  readonly device?: string;
  readonly where?: string;
}

export interface IngestContext {
  readonly caseDir: string;
  readonly timeZone: string;
  /** The case's language: notes written into exhibits are in it. */
  readonly language: NoteLanguage;
  readonly operator: string;
  readonly addedAt: RecordedTime;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Test hook: runs between the copy and the checks (simulates a file changing while read). */
  readonly afterCopy?: (file: CollectedFile) => Promise<void>;
}

/**
 * Copies one file into `evidence/P<n>/` in one read of the original (each chunk hashed and
 * written from the same buffer), checks the copy holds what was hashed (a small file is read back,
 * a large one checked complete and of the right size, see hash.ts) and that the original did not
 * change meanwhile, and reads its metadata (from memory for a small file, else from the copy).
 * On any failure the copy is removed and an EvidenceError names the file. `sniffedMime`: its
 * type, already read from its first bytes before the intimate-image gate.
 */
export async function ingestRegularFile(
  file: CollectedFile,
  exhibitNumber: number,
  details: ExhibitDetails,
  context: IngestContext,
  sniffedMime?: string,
): Promise<Exhibit> {
  const exhibitDir = join(context.caseDir, EVIDENCE_DIR, `P${exhibitNumber}`);
  const storedName = toSafeFileName(file.name);
  const storedPath = `${EVIDENCE_DIR}/P${exhibitNumber}/${storedName}`;
  const copyPath = join(context.caseDir, storedPath);
  const isSmall = file.size <= SMALL_FILE_BYTES;
  await mkdir(exhibitDir, { mode: DIR_MODE });
  try {
    const copy = isSmall
      ? await copySmall(file, copyPath, context, !sniffedMime || sniffedMime.startsWith('image/'))
      : await copyLarge(file, copyPath, context);
    const first = copy.result;
    if (
      copy.sizeAfter !== first.size ||
      copy.mtimeMsAfter !== file.mtimeMs ||
      first.size !== file.size
    ) {
      throw new EvidenceError({
        code: 'error.evidence.ingestFile.fileChangedWhile',
        params: { path: file.path, size: file.size, size2: copy.sizeAfter },
      });
    }
    // The type sniffed before the gate is the copy's: the same first bytes, the file unchanged
    // since it was collected (size and modification time, checked above).
    const mime = sniffedMime ?? (await detectMime(first.head));
    const kind = details.kind ?? kindFromMime(mime);
    const times: RecordedTime[] = [];
    const notes: string[] = [];
    let image: Exhibit['image'];
    if (mime.startsWith('image/')) {
      image = await readImageInfo(copyPath);
      if (image.isUndecodable) {
        const reason =
          image.format === 'heif'
            ? noteText(context.language, 'heicUndecodable')
            : (image.undecodableReason ?? '?');
        notes.push(noteText(context.language, 'undecodableImage', { reason }));
      }
      const exifTime = await readExifTime(copy.bytes ?? copyPath, context.timeZone);
      if (exifTime) {
        times.push(
          exifTime.isZoneAssumed
            ? { ...exifTime, note: noteText(context.language, 'timeExifNoZone') }
            : exifTime,
        );
      }
    }
    const nameTime = readTimeFromFileName(file.name);
    if (nameTime)
      times.push(
        fileNameTime(
          nameTime.wallClock,
          nameTime.precision,
          noteText(context.language, 'timeFileName', { pattern: nameTime.pattern }),
          context.timeZone,
        ),
      );
    times.push({
      source: 'file-mtime',
      instant: file.mtime.toISOString(),
      offset: offsetAt(file.mtime, context.timeZone),
      precision: 'ms',
      note: noteText(context.language, 'timeFileMtime'),
    });
    if (first.size === 0) notes.push(noteText(context.language, 'emptyFile'));
    if (file.isSymlinkFollowed) {
      notes.push(
        noteText(context.language, 'symlinkFollowed', { link: file.path, target: file.realPath }),
      );
    }
    const exhibitFile: ExhibitFile = {
      role: 'original',
      name: escapeFsName(file.name),
      sourcePath: file.path,
      storedPath,
      size: first.size,
      sha256: first.sha256,
      mime,
    };
    return {
      number: exhibitNumber,
      kind,
      ...optionalDetails(details),
      isSensitive: false,
      addedAt: context.addedAt,
      addedBy: context.operator,
      files: [exhibitFile],
      times,
      ...(image ? { image } : {}),
      notes,
    };
  } catch (error) {
    await rm(exhibitDir, { recursive: true, force: true });
    if (error instanceof EvidenceError || error instanceof InterruptedError) throw error;
    if (error instanceof CopyMismatchError) {
      throw new EvidenceError(
        {
          code: 'error.evidence.ingestFile.copyMatchWhat',
          params: { path: file.path, sha256: error.sha256, sha2562: error.inCopy },
        },
        { cause: error },
      );
    }
    throw new EvidenceError(
      {
        code: 'error.evidence.ingestFile.copiedIntoCase',
        params: { path: file.path, value: (error as Error).message },
      },
      { cause: error },
    );
  }
}

/**
 * A sensitive file: hashed where it is, read-only, never copied, never decoded.
 * Only its first bytes are looked at, for the MIME type.
 */
export async function ingestSensitiveFile(
  file: CollectedFile,
  exhibitNumber: number,
  details: ExhibitDetails,
  context: IngestContext,
): Promise<Exhibit> {
  const result = await hashFile(file.realPath, context.onProgress, context.signal);
  await context.afterCopy?.(file);
  const after = await stat(toFsPath(file.realPath));
  if (after.size !== result.size || after.mtimeMs !== file.mtimeMs) {
    throw new EvidenceError({
      code: 'error.evidence.ingestFile.fileChangedWhile2',
      params: { path: file.path },
    });
  }
  const mime = await detectMime(result.head);
  return {
    number: exhibitNumber,
    kind: 'sensitive',
    ...optionalDetails(details),
    isSensitive: true,
    addedAt: context.addedAt,
    addedBy: context.operator,
    files: [
      {
        role: 'original',
        name: escapeFsName(file.name),
        sourcePath: file.path,
        size: result.size,
        sha256: result.sha256,
        mime,
        isExcluded: true,
        excludedReason: 'sensitive',
      },
    ],
    times: [
      {
        source: 'file-mtime',
        instant: file.mtime.toISOString(),
        offset: offsetAt(file.mtime, context.timeZone),
        precision: 'ms',
      },
    ],
    notes: [noteText(context.language, 'sensitiveHashed')],
  };
}

interface CopyOutcome {
  readonly result: HashResult;
  /** The whole content, for a small file: its metadata is read from memory. */
  readonly bytes?: Buffer;
  /** The original's size and modification time once copied, to notice a change while it was read. */
  readonly sizeAfter: number;
  readonly mtimeMsAfter: number;
}

/** One open of the original, kept open until it is checked unchanged (fstat, no second lookup). */
async function copySmall(
  file: CollectedFile,
  copyPath: string,
  context: IngestContext,
  keepBytes: boolean,
): Promise<CopyOutcome> {
  const sourceFd = openSync(toFsPath(file.realPath), 'r');
  try {
    const result = await copyAndHashSmall(
      sourceFd,
      file.size,
      copyPath,
      EVIDENCE_FILE_MODE,
      keepBytes,
    );
    context.onProgress?.(result.size);
    await context.afterCopy?.(file);
    const after = fstatSync(sourceFd);
    return { result, bytes: result.bytes, sizeAfter: after.size, mtimeMsAfter: after.mtimeMs };
  } finally {
    closeSync(sourceFd);
  }
}

async function copyLarge(
  file: CollectedFile,
  copyPath: string,
  context: IngestContext,
): Promise<CopyOutcome> {
  const result = await copyAndHash(
    file.realPath,
    copyPath,
    EVIDENCE_FILE_MODE,
    context.onProgress,
    context.signal,
  );
  await context.afterCopy?.(file);
  const after = await stat(toFsPath(file.realPath));
  return { result, sizeAfter: after.size, mtimeMsAfter: after.mtimeMs };
}

/** A sensitive item that is not on this computer: a description only. */
export function describeOnly(
  exhibitNumber: number,
  details: ExhibitDetails,
  context: IngestContext,
): Exhibit {
  return {
    number: exhibitNumber,
    kind: 'sensitive',
    ...optionalDetails(details),
    isSensitive: true,
    isDescriptionOnly: true,
    addedAt: context.addedAt,
    addedBy: context.operator,
    files: [],
    times: [],
    notes: [noteText(context.language, 'sensitiveDescribed')],
  };
}

function fileNameTime(
  wallClock: string,
  precision: 'second' | 'day',
  note: string,
  timeZone: string,
): RecordedTime {
  const interpreted = precision === 'second' ? interpretWallClock(wallClock, timeZone) : undefined;
  return {
    source: 'file-name',
    wallClock,
    zone: timeZone,
    isZoneAssumed: true,
    precision,
    ...(interpreted ? { instant: interpreted.instant, offset: interpreted.offset } : {}),
    note,
  };
}

function optionalDetails(details: ExhibitDetails): Partial<Exhibit> {
  return {
    ...(details.description ? { description: details.description } : {}),
    ...(details.app ? { app: details.app } : {}),
    ...(details.device ? { device: details.device } : {}),
    ...(details.where ? { where: details.where } : {}),
  };
}
