import { type Readable, Transform } from 'node:stream';
import type yauzl from 'yauzl';
import { EvidenceError } from '../../model/errors.js';
import type { ExportEntry, ExportSource } from '../export-source.js';
import { isOsLitter } from './litter.js';

/** Caps against zip bombs. The defaults fit a phone's chat export with media. */
export interface ZipLimits {
  /** Total uncompressed bytes of all entries (declared, and counted while streaming). */
  readonly maxTotalBytes: number;
  /** Uncompressed / compressed size for one entry; applies to entries above `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 8 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 ** 2,
  maxEntries: 20_000,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * A `.zip` export read in place: entries are streamed, never extracted to disk. Refuses (with an
 * EvidenceError naming the archive and the entry) traversal and absolute paths, symbolic links,
 * password-protected entries, and archives over the size and ratio caps.
 */
export async function openZipSource(
  zipPath: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ExportSource> {
  // Loaded here, not at the top: every add checks its inputs through this folder, and only a ZIP
  // needs the ZIP reader.
  const { default: yauzl } = await import('yauzl');
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw describeZipError(zipPath, error);
  }
  try {
    const byPath = await listEntries(zipfile, zipPath, limits);
    return createZipSource(zipfile, zipPath, byPath, limits);
  } catch (error) {
    zipfile.close();
    throw error;
  }
}

function createZipSource(
  zipfile: yauzl.ZipFile,
  zipPath: string,
  byPath: Map<string, yauzl.Entry>,
  limits: ZipLimits,
): ExportSource {
  const entries: ExportEntry[] = [...byPath.values()].map((entry) => ({
    path: entry.fileName,
    size: entry.uncompressedSize,
  }));
  let streamedBytes = 0;

  const open = async (path: string): Promise<Readable> => {
    const entry = byPath.get(path);
    if (entry === undefined) {
      throw new EvidenceError({
        code: 'error.chats.sources.zipSource.entryZip',
        params: { path, zipPath },
      });
    }
    let stream: Readable;
    try {
      stream = await zipfile.openReadStreamPromise(entry);
    } catch (error) {
      throw describeZipError(zipPath, error, path);
    }
    // The header's sizes can lie: count the bytes actually inflated.
    let entryBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        entryBytes += chunk.length;
        streamedBytes += chunk.length;
        if (entryBytes > entry.uncompressedSize || streamedBytes > limits.maxTotalBytes) {
          callback(bombError(zipPath, path, 'it inflates to more bytes than its header declares'));
          return;
        }
        callback(null, chunk);
      },
    });
    stream.on('error', (error) => counter.destroy(describeZipError(zipPath, error, path)));
    // A reader that stops early (detection reads only the first bytes) must release the entry.
    counter.on('close', () => stream.destroy());
    return stream.pipe(counter);
  };

  return {
    origin: zipPath,
    container: 'zip',
    entries,
    open,
    read: async (path, maxBytes) => {
      const stream = await open(path);
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        length += chunk.length;
        if (maxBytes !== undefined && length >= maxBytes) break;
      }
      stream.destroy();
      const buffer = Buffer.concat(chunks);
      return maxBytes === undefined ? buffer : buffer.subarray(0, maxBytes);
    },
    close: async () => zipfile.close(),
  };
}

async function listEntries(
  zipfile: yauzl.ZipFile,
  zipPath: string,
  limits: ZipLimits,
): Promise<Map<string, yauzl.Entry>> {
  if (zipfile.entryCount > limits.maxEntries) {
    throw new EvidenceError({
      code: 'error.chats.sources.zipSource.zipHoldsEntries',
      params: { zipPath, entryCount: zipfile.entryCount, maxEntries: limits.maxEntries },
    });
  }
  const byPath = new Map<string, yauzl.Entry>();
  const spans: Array<{ start: number; end: number; name: string }> = [];
  let declaredTotal = 0;
  await new Promise<void>((resolve, reject) => {
    zipfile.on('entry', (entry: yauzl.Entry) => {
      try {
        const kept = checkEntry(entry, zipPath, limits);
        // A local header is 30 bytes before its data: a lower bound of the bytes an entry owns.
        const start = entry.relativeOffsetOfLocalHeader;
        spans.push({ start, end: start + 30 + entry.compressedSize, name: entry.fileName });
        declaredTotal += entry.uncompressedSize;
        if (declaredTotal > limits.maxTotalBytes) {
          throw bombError(zipPath, entry.fileName, 'the archive inflates beyond the size cap');
        }
        if (kept && byPath.has(entry.fileName)) {
          throw new EvidenceError({
            code: 'error.chats.sources.zipSource.zipHoldsTwo',
            params: { zipPath, fileName: entry.fileName },
          });
        }
        if (kept) byPath.set(entry.fileName, entry);
        zipfile.readEntry();
      } catch (error) {
        reject(error);
      }
    });
    zipfile.on('end', () => resolve());
    zipfile.on('error', (error: unknown) => reject(describeZipError(zipPath, error)));
    zipfile.readEntry();
  });
  refuseOverlaps(spans, zipPath);
  return byPath;
}

/**
 * Entries whose bytes overlap (several names pointing at the same compressed data) are how a small
 * zip inflates to gigabytes; no zip tool writes them. Refusing them bounds what one zip can write
 * into the case by the sum of its distinct entries' sizes.
 */
function refuseOverlaps(
  spans: Array<{ start: number; end: number; name: string }>,
  zipPath: string,
): void {
  spans.sort((a, b) => a.start - b.start);
  for (let index = 1; index < spans.length; index += 1) {
    const previous = spans[index - 1]!;
    const current = spans[index]!;
    if (current.start < previous.end) {
      throw bombError(
        zipPath,
        current.name,
        `its data overlaps the data of entry '${previous.name}' (an overlapping-entry zip bomb)`,
      );
    }
  }
}

/** Throws on an unsafe entry; returns false for entries to skip (folders, OS litter). */
function checkEntry(entry: yauzl.Entry, zipPath: string, limits: ZipLimits): boolean {
  const name = entry.fileName;
  if (entry.isEncrypted()) {
    throw new EvidenceError({
      code: 'error.chats.sources.zipSource.zipZipPassword',
      params: { zipPath, name },
    });
  }
  if (isUnsafePath(name)) throw slipError(zipPath, name);
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) {
    throw new EvidenceError({
      code: 'error.chats.sources.zipSource.zipHoldsSymbolic',
      params: { zipPath, name },
    });
  }
  if (name.endsWith('/')) return false;
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
    throw bombError(zipPath, name, `it is compressed ${Math.round(ratio)} to 1`);
  }
  return !isOsLitter(name);
}

function isUnsafePath(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[a-zA-Z]:/.test(name) ||
    name.split('/').some((segment) => segment === '..')
  );
}

function slipError(zipPath: string, name: string): EvidenceError {
  return new EvidenceError({
    code: 'error.chats.sources.zipSource.zipHoldsEntry',
    params: { zipPath, name },
  });
}

function bombError(zipPath: string, name: string, why: string): EvidenceError {
  return new EvidenceError({
    code: 'error.chats.sources.zipSource.zipLooksLike',
    params: { zipPath, name, why },
  });
}

/** Turns yauzl's low-level errors into messages a user can act on. */
function describeZipError(zipPath: string, error: unknown, entry?: string): EvidenceError {
  if (error instanceof EvidenceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const slip = /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(
    message,
  );
  if (slip) return slipError(zipPath, slip[2] ?? '');
  if (entry !== undefined && /^too many bytes in the stream/.test(message)) {
    return bombError(zipPath, entry, 'it inflates to more bytes than its header declares');
  }
  const where = entry === undefined ? '' : ` (entry '${entry}')`;
  return new EvidenceError(
    {
      code: 'error.chats.sources.zipSource.zipReadTruncated',
      params: { zipPath, where, reason: message },
    },
    { cause: error },
  );
}
