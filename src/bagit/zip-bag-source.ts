import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import type { Entry, FileEntry } from '@zip.js/zip.js';
import { type SaidText, sayText, sayUnsafe } from './bag-report.js';
import { type BagSource, type OddEntry, READ_SIZE } from './bag-source.js';
import { findUnsafePath } from './bagit-text.js';
import { RATIO_FLOOR_BYTES } from './compression.js';
import { createDigester } from './digester.js';
import { requireZipJs } from './require-zipjs.js';
import { openAesEntry, type RandomReader } from './zip-aes-view.js';

const { Reader, ZipReader } = requireZipJs();

/** Limits that make a ZIP bomb a finding instead of hours of work. */
export interface ZipLimits {
  /** Sum of the entries' declared sizes. */
  readonly maxTotalBytes: number;
  /** Declared size / compressed size, for entries of more than {@link RATIO_FLOOR} bytes. */
  readonly maxRatio: number;
  readonly maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 256 * 1024 ** 3,
  maxRatio: 200,
  maxEntries: 1_000_000,
};

/** Small entries may compress very well (a page of repeated lines); only big ones are bombs. */
const RATIO_FLOOR = RATIO_FLOOR_BYTES;

export type ZipProblem =
  | 'unreadable'
  | 'zip-bomb'
  | 'layout'
  | 'path-traversal'
  | 'duplicate'
  | 'encrypted'
  | 'passphrase';

export interface ZipOpening {
  /** Undefined when the ZIP cannot be read as a bag at all (see problems). */
  readonly source?: BagSource;
  readonly topFolder?: string;
  readonly isEncrypted: boolean;
  /** An encrypted dossier: the neutral name of the bag's ZIP inside the encrypted one. */
  readonly wrappedEntry?: string;
  readonly problems: readonly ZipProblemFound[];
}

/** What is wrong with the ZIP, in English (`message`) and as a code (`code`, `params`). */
export type ZipProblemFound = { readonly problem: ZipProblem; readonly file: string } & SaidText;

/**
 * Open a ZIP that holds one bag under one top folder, read in place: no byte is extracted to
 * disk. The central directory is checked first (one top folder, no unsafe or duplicate names, no
 * overlapping entries, sizes within limits); entry data are read only by `read` and `digest`,
 * which stop as soon as an entry gives more bytes than it declared.
 */
export async function openZipBag(
  zipFile: string,
  options: { passphrase?: string; limits?: ZipLimits } = {},
): Promise<ZipOpening> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(zipFile, 'r');
  } catch (error) {
    return unreadable(
      zipFile,
      sayText('zip.cannotOpen', {
        zipFile,
        reason: String((error as NodeJS.ErrnoException).code),
      }),
    );
  }
  const { size } = await file.stat();
  return openZipBagFrom(file, size, zipFile, options);
}

/** {@link openZipBag} over any positioned reader (a file, or the decrypted view of an entry). */
async function openZipBagFrom(
  file: RandomReader,
  size: number,
  name: string,
  options: { passphrase?: string; limits?: ZipLimits },
): Promise<ZipOpening> {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const reader = new ZipReader(new FileHandleReader(file, size), {
    filenameEncoding: 'utf-8',
    checkSignature: false,
  });
  let entries: Entry[];
  try {
    entries = await reader.getEntries();
  } catch (error) {
    await file.close();
    return unreadable(name, sayText('zip.notReadable', { name, reason: (error as Error).message }));
  }
  const fileEntries = entries.filter((entry): entry is FileEntry => !entry.directory);
  const isEncrypted = fileEntries.some((entry) => entry.encrypted);
  const wrapped = findWrappedBag(fileEntries);
  if (wrapped !== undefined) {
    await reader.close();
    return openWrappedBag(file, wrapped, name, options);
  }
  const problems = [
    ...findBombs(fileEntries, limits),
    ...(await checkPassphrase(fileEntries, options.passphrase)),
  ];
  if (problems.length > 0) {
    await file.close();
    return { isEncrypted, problems };
  }
  const layout = readLayout(fileEntries);
  if (layout.topFolder === undefined) {
    await file.close();
    return { isEncrypted, problems: layout.problems };
  }

  const byPath = new Map(layout.files.map((entry) => [entry.path, entry.entry]));
  /**
   * Feeds an entry's bytes to `onChunk`, failing when it gives more than it declared. The CRC-32
   * is checked for tag files (read whole): a tag manifest has no digest of its own. Payload is
   * checked by its manifest digests, so its CRC (computed in JavaScript, slowly) is not.
   */
  const readEntry = async (
    path: string,
    onChunk: (chunk: Uint8Array) => unknown,
    checkSignature: boolean,
  ) => {
    const entry = byPath.get(path);
    if (entry === undefined) throw new Error(`${path} is not in the ZIP`);
    if (entry.compressionMethod === 0 && !entry.encrypted) {
      return readStoredEntry(file, entry, path, onChunk, checkSignature);
    }
    if (entry.compressionMethod === 8 && !entry.encrypted) {
      return readDeflatedEntry(file, entry, path, onChunk, checkSignature);
    }
    let count = 0;
    await entry.getData(
      new WritableStream<Uint8Array>({
        async write(chunk) {
          count += chunk.byteLength;
          if (count > entry.uncompressedSize) {
            throw new Error(
              `${path} gives more bytes than the ${entry.uncompressedSize} its header declares (ZIP bomb?)`,
            );
          }
          await onChunk(chunk);
        },
      }),
      { password: options.passphrase, checkSignature, useWebWorkers: false },
    );
    return count;
  };
  const source: BagSource = {
    files: layout.files.map(({ path, entry }) => ({ path, size: entry.uncompressedSize })),
    oddEntries: layout.oddEntries,
    async read(path, maxBytes) {
      const declared = byPath.get(path)?.uncompressedSize ?? 0;
      if (declared > maxBytes)
        throw new Error(`${path} is ${declared} bytes, more than ${maxBytes}`);
      const chunks: Uint8Array[] = [];
      await readEntry(path, (chunk) => chunks.push(chunk), true);
      return Buffer.concat(chunks);
    },
    async digest(path, algorithms, worker) {
      const declared = byPath.get(path)?.uncompressedSize ?? 0;
      const digester = createDigester(algorithms, declared >= 4 * READ_SIZE ? worker : undefined);
      await readEntry(path, (chunk) => digester.update(chunk), false);
      return digester.finish();
    },
    async close() {
      await reader.close();
      await file.close();
    },
  };
  return { source, topFolder: layout.topFolder, isEncrypted, problems: layout.problems };
}

/**
 * An encrypted dossier (build --encrypt) is the bag's ZIP inside an AES-encrypted ZIP whose only
 * entry has a neutral name: without the passphrase not even the bag's file names can be read.
 */
function findWrappedBag(entries: readonly FileEntry[]): FileEntry | undefined {
  const entry = entries.length === 1 ? entries[0] : undefined;
  const isWrapper =
    entry?.encrypted === true && !entry.filename.includes('/') && /\.zip$/i.test(entry.filename);
  return isWrapper ? entry : undefined;
}

/** The bag inside an encrypted dossier, read in place through a decrypting view. */
async function openWrappedBag(
  file: RandomReader,
  entry: FileEntry,
  name: string,
  options: { passphrase?: string; limits?: ZipLimits },
): Promise<ZipOpening> {
  const fail = async (problem: ZipProblem, said: SaidText): Promise<ZipOpening> => {
    await file.close();
    return { isEncrypted: true, problems: [{ problem, file: entry.filename, ...said }] };
  };
  if (options.passphrase === undefined) {
    return fail('encrypted', sayText('zip.encrypted'));
  }
  const aes = entry.extraFieldAES;
  if (aes?.strength === undefined || aes.compressionMethod !== 0) {
    return fail('unreadable', sayText('zip.notStoredAsPreuve', { name: entry.filename }));
  }
  let opening: Awaited<ReturnType<typeof openAesEntry>>;
  try {
    const dataStart = await findDataStart(file, entry, entry.filename);
    opening = await openAesEntry(
      file,
      { dataStart, compressedSize: entry.compressedSize, strength: aes.strength },
      options.passphrase,
    );
  } catch (error) {
    return fail(
      'unreadable',
      sayText('zip.entryUnreadable', { name: entry.filename, reason: (error as Error).message }),
    );
  }
  if (!opening.ok) return fail(opening.problem, opening);
  // The bag inside is a plain ZIP: its own entries are not encrypted again.
  const inner = await openZipBagFrom(
    opening.view,
    opening.view.size,
    `${name}: ${entry.filename}`,
    {
      ...(options.limits ? { limits: options.limits } : {}),
    },
  );
  return { ...inner, isEncrypted: true, wrappedEntry: entry.filename };
}

/** Where an entry's data begin: after its local header, whose name and extra lengths may differ from the central directory's. */
async function findDataStart(file: RandomReader, entry: FileEntry, path: string): Promise<number> {
  const header = Buffer.alloc(30);
  const { bytesRead: headerBytes } = await file.read(header, 0, 30, entry.offset);
  if (headerBytes < 30 || header.readUInt32LE(0) !== 0x04034b50) {
    throw new Error(`${path}: its local header is not where the central directory says`);
  }
  return entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** Reads `length` bytes from `position` in pieces of at most {@link READ_SIZE}. */
async function* readRange(
  file: RandomReader,
  position: number,
  length: number,
  path: string,
): AsyncGenerator<Buffer> {
  let remaining = length;
  while (remaining > 0) {
    const buffer = Buffer.allocUnsafe(Math.min(READ_SIZE, remaining));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) throw new Error(`${path} is cut short: the ZIP is truncated`);
    yield buffer.subarray(0, bytesRead);
    position += bytesRead;
    remaining -= bytesRead;
  }
}

/**
 * A stored entry's bytes straight from the file: the same bytes zip.js would give, without its
 * stream machinery, which costs more than SHA-256 itself (measured: 1.8 s per GiB).
 */
async function readStoredEntry(
  file: RandomReader,
  entry: FileEntry,
  path: string,
  onChunk: (chunk: Uint8Array) => unknown,
  checkSignature: boolean,
): Promise<number> {
  if (entry.compressedSize !== entry.uncompressedSize) {
    throw new Error(
      `${path} is stored but declares ${entry.compressedSize} bytes stored for ${entry.uncompressedSize}`,
    );
  }
  const start = await findDataStart(file, entry, path);
  let crc = 0;
  for await (const chunk of readRange(file, start, entry.uncompressedSize, path)) {
    if (checkSignature) crc = crc32(chunk, crc);
    await onChunk(chunk);
  }
  checkCrc(entry, path, crc, checkSignature);
  return entry.uncompressedSize;
}

/**
 * A deflated (unencrypted) entry inflated by Node's zlib: zip.js's web streams cost about 2 ms
 * and a megabyte of garbage per entry, which made 5,000 small entries take seconds. Small
 * entries are inflated in one call; big ones stream, never holding more than a few pieces.
 */
async function readDeflatedEntry(
  file: RandomReader,
  entry: FileEntry,
  path: string,
  onChunk: (chunk: Uint8Array) => unknown,
  checkSignature: boolean,
): Promise<number> {
  const start = await findDataStart(file, entry, path);
  const tooMany = () =>
    new Error(
      `${path} gives more bytes than the ${entry.uncompressedSize} its header declares (ZIP bomb?)`,
    );
  let count = 0;
  let crc = 0;
  const take = async (chunk: Buffer) => {
    count += chunk.byteLength;
    if (count > entry.uncompressedSize) throw tooMany();
    if (checkSignature) crc = crc32(chunk, crc);
    await onChunk(chunk);
  };
  if (entry.compressedSize <= READ_SIZE) {
    const pieces: Buffer[] = [];
    for await (const piece of readRange(file, start, entry.compressedSize, path))
      pieces.push(piece);
    let bytes: Buffer;
    try {
      bytes = inflateRawSync(Buffer.concat(pieces), {
        maxOutputLength: entry.uncompressedSize + 1,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooMany();
      throw new Error(`${path} cannot be inflated (${(error as Error).message})`);
    }
    await take(bytes);
  } else {
    const inflate = createInflateRaw({ chunkSize: READ_SIZE });
    const feed = (async () => {
      for await (const piece of readRange(file, start, entry.compressedSize, path)) {
        if (!inflate.write(piece)) await once(inflate, 'drain');
      }
      inflate.end();
    })();
    feed.catch((error: Error) => inflate.destroy(error));
    try {
      for await (const chunk of inflate) await take(chunk as Buffer);
    } catch (error) {
      throw new Error(`${path} cannot be inflated (${(error as Error).message})`, { cause: error });
    } finally {
      inflate.destroy();
    }
    await feed;
  }
  checkCrc(entry, path, crc, checkSignature);
  return count;
}

function checkCrc(entry: FileEntry, path: string, crc: number, checkSignature: boolean): void {
  if (checkSignature && entry.signature !== undefined && crc !== entry.signature) {
    throw new Error(`${path} does not match its CRC-32 in the ZIP`);
  }
}

class FileHandleReader extends Reader<RandomReader> {
  readonly #file: RandomReader;
  constructor(file: RandomReader, size: number) {
    super(file);
    this.#file = file;
    this.size = size;
  }
  override async readUint8Array(index: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await this.#file.read(buffer, 0, length, index);
    return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
  }
}

function unreadable(file: string, said: SaidText): ZipOpening {
  return { isEncrypted: false, problems: [{ problem: 'unreadable', file, ...said }] };
}

function findBombs(entries: readonly FileEntry[], limits: ZipLimits): ZipOpening['problems'] {
  const problems: ZipProblemFound[] = [];
  const bomb = (file: string, code: string, params: Readonly<Record<string, string | number>>) =>
    problems.push({ problem: 'zip-bomb', file, ...sayText(code, params) });
  if (entries.length > limits.maxEntries) {
    bomb('', 'zip.bomb.entries', { count: entries.length, limit: limits.maxEntries });
  }
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxTotalBytes) {
    bomb('', 'zip.bomb.total', { total, limit: limits.maxTotalBytes });
  }
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > RATIO_FLOOR && ratio > limits.maxRatio) {
      bomb(entry.filename, 'zip.bomb.ratio', {
        name: entry.filename,
        ratio: Math.round(ratio),
        compressed: entry.compressedSize,
        uncompressed: entry.uncompressedSize,
        limit: limits.maxRatio,
      });
    }
  }
  // Entries whose data overlap let a few bytes unpack many times (non-recursive ZIP bombs).
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  for (let index = 1; index < byOffset.length; index += 1) {
    const previous = byOffset[index - 1]!;
    const current = byOffset[index]!;
    if (previous.offset + previous.compressedSize > current.offset) {
      bomb(current.filename, 'zip.bomb.overlap', {
        name: current.filename,
        previous: previous.filename,
      });
      break;
    }
  }
  return problems;
}

async function checkPassphrase(
  entries: readonly FileEntry[],
  passphrase: string | undefined,
): Promise<ZipOpening['problems']> {
  const encrypted = entries.find((entry) => entry.encrypted);
  if (encrypted === undefined) return [];
  if (passphrase === undefined) {
    return [
      {
        problem: 'encrypted',
        file: encrypted.filename,
        ...sayText('zip.encrypted'),
      },
    ];
  }
  try {
    await encrypted.getData(new WritableStream(), {
      password: passphrase,
      checkPasswordOnly: true,
      useWebWorkers: false,
    });
    return [];
  } catch (error) {
    const wrong = /password/i.test((error as Error).message);
    return [
      {
        problem: wrong ? 'passphrase' : 'unreadable',
        file: encrypted.filename,
        ...(wrong
          ? sayText('zip.wrongPassphrase')
          : sayText('zip.cannotDecrypt', {
              name: encrypted.filename,
              reason: (error as Error).message,
            })),
      },
    ];
  }
}

/** One top folder holding everything; names relative to it; unsafe or duplicate names refused. */
function readLayout(entries: readonly FileEntry[]): {
  topFolder?: string;
  files: Array<{ path: string; entry: FileEntry }>;
  oddEntries: OddEntry[];
  problems: ZipProblemFound[];
} {
  const problems: ZipProblemFound[] = [];
  const files: Array<{ path: string; entry: FileEntry }> = [];
  const oddEntries: OddEntry[] = [];
  const tops = new Set<string>();
  const seen = new Set<string>();
  for (const entry of entries) {
    const unsafe = findUnsafePath(entry.filename);
    if (unsafe !== undefined) {
      problems.push({
        problem: 'path-traversal',
        file: entry.filename,
        ...sayText('zip.unsafeEntry', {
          name: JSON.stringify(entry.filename),
          unsafe: sayUnsafe(unsafe),
        }),
      });
      continue;
    }
    const slash = entry.filename.indexOf('/');
    if (slash < 0) {
      problems.push({
        problem: 'layout',
        file: entry.filename,
        ...sayText('zip.atRoot', { name: entry.filename }),
      });
      continue;
    }
    tops.add(entry.filename.slice(0, slash));
    const path = entry.filename.slice(slash + 1);
    if (seen.has(entry.filename)) {
      problems.push({
        problem: 'duplicate',
        file: entry.filename,
        ...sayText('zip.twice', { name: entry.filename }),
      });
      continue;
    }
    seen.add(entry.filename);
    if (entry.symlink) oddEntries.push({ path, ...sayText('zip.symlink', { path }) });
    else files.push({ path, entry });
  }
  if (tops.size !== 1 || problems.some((problem) => problem.problem === 'layout')) {
    problems.push({
      problem: 'layout',
      file: '',
      ...(tops.size === 0
        ? sayText('zip.noBagFolder')
        : tops.size === 1
          ? sayText('zip.besideTopFolder')
          : sayText('zip.manyTopFolders', { count: tops.size, folders: [...tops].join(', ') })),
    });
    return { files: [], oddEntries, problems };
  }
  return { topFolder: [...tops][0], files, oddEntries, problems };
}
