import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, open as openCallback, readSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { syncDirectory } from '../model/atomic-write.js';
import { InterruptedError } from '../model/errors.js';
import { reachFaultPoint } from '../model/fault-point.js';
import { toFsPath } from '../model/fs-path.js';
import { readAndHashOffThread } from './read-hash-worker.js';

/** Read size for hashing and copying: 1 MiB (64 KiB reads cost ~20% on these machines). */
const CHUNK_SIZE = 1024 * 1024;

/** How many leading bytes are kept for content sniffing (MIME detection). */
export const SNIFF_SIZE = 4100;

export interface HashResult {
  readonly sha256: string;
  readonly size: number;
  /** The first bytes of the content, for MIME detection without a second read. */
  readonly head: Buffer;
}

/** Called after each chunk with the bytes done so far (progress bars). */
export type ProgressCallback = (bytesDone: number) => void;

/**
 * Copies `source` to `destination` (created exclusively with `mode`) and hashes it in one
 * streaming pass: each chunk read is hashed and written from the same buffer. The source is
 * opened read-only. A file of {@link OFF_THREAD_BYTES} or more is read and hashed in a worker
 * thread while this one writes (read-hash-worker.ts). The copy is not fsynced here: the caller
 * makes a batch of copies durable at once before recording them (see `makeDurable`); flushing
 * while copying measured slower (1 GiB: 3.3 s instead of 1.5 s, the final sync 0.4 s).
 */
export async function copyAndHash(
  source: string,
  destination: string,
  mode: number,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<HashResult> {
  const input = await open(toFsPath(source), 'r');
  try {
    reachFaultPoint();
    const output = await open(destination, 'wx', mode);
    try {
      const result =
        (await input.stat()).size >= OFF_THREAD_BYTES
          ? await copyOffThread(input.fd, output.fd, onProgress, signal)
          : await pump(input, onProgress, signal, async (chunk) => {
              let written = 0;
              while (written < chunk.length) {
                const { bytesWritten } = await output.write(chunk, written, chunk.length - written);
                written += bytesWritten;
              }
            });
      // The copy is not read back in full: its SHA-256 is that of the very buffers written, every
      // write was checked complete, and here its size; re-reading 1 GiB doubled the time.
      const copied = await output.stat();
      if (copied.size !== result.size)
        throw new CopyMismatchError(result.sha256, `${copied.size} bytes`);
      return result;
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** From this size a copy is read and hashed in a worker thread (started once, then reused). */
export const OFF_THREAD_BYTES = 4 * 1024 * 1024;

/**
 * The worker reads and hashes each chunk; this thread writes that same chunk whole, synchronously
 * (a 256 KiB write into the page cache is quicker in place than handed to libuv's pool), checks
 * for an interruption, and keeps the first bytes for sniffing.
 */
async function copyOffThread(
  inputFd: number,
  outputFd: number,
  onProgress: ProgressCallback | undefined,
  signal: AbortSignal | undefined,
): Promise<HashResult> {
  let head: Buffer = Buffer.alloc(0);
  let size = 0;
  const { sha256, size: hashedSize } = await readAndHashOffThread(inputFd, (chunk) => {
    if (signal?.aborted) throw new InterruptedError();
    for (let written = 0; written < chunk.length; ) {
      written += writeSync(outputFd, chunk, written, chunk.length - written, size + written);
    }
    if (head.length < SNIFF_SIZE) {
      // A copy: the slot is reused for a later chunk.
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_SIZE - head.length)]);
    }
    size += chunk.length;
    onProgress?.(size);
  });
  if (hashedSize !== size) throw new CopyMismatchError(sha256, `${size} bytes`);
  return { sha256, size, head };
}

/**
 * Files up to this size are copied and checked with synchronous whole-file calls: each
 * asynchronous file-system call waits its turn in libuv's thread pool, and for thousands of small
 * files those waits, not the bytes, were most of the time (5,000 files: 8 s of 20 s idle).
 */
export const SMALL_FILE_BYTES = 256 * 1024;

/** What a small file's copy read; `bytes`, its whole content, only when asked for (EXIF). */
export interface SmallCopyResult extends HashResult {
  readonly bytes?: Buffer;
}

/**
 * {@link copyAndHash} for a small file, in as few system calls as the guarantees allow: the copy
 * is created exclusively, the original is read once through `sourceFd` (opened by the caller, who
 * checks it did not change), the copy written and read back through the same descriptor (one
 * pread instead of re-opening it) to check it holds exactly the bytes that were hashed.
 * `expectedSize` is the size seen when the file was collected: one byte more is asked for, so a
 * file that grew is noticed without a second read. Only creating the copy waits in libuv's pool
 * (it is the call that waits on the disk's journal, and several files are copied at once: made
 * in place, those waits added up); reads and writes of a few kilobytes are quicker done in place.
 * Everything after the creation is synchronous, so the bytes are read into buffers reused from
 * file to file; `keepBytes` returns a copy of them (an image's EXIF is read from it).
 */
export async function copyAndHashSmall(
  sourceFd: number,
  expectedSize: number,
  destination: string,
  mode: number,
  keepBytes: boolean,
): Promise<SmallCopyResult> {
  const output = await openFd(toFsPath(destination), 'wx+', mode);
  try {
    const buffer = scratchBuffer(0, expectedSize + 1);
    let size = 0;
    for (;;) {
      const bytesRead = readSync(sourceFd, buffer, size, buffer.length - size, size);
      size += bytesRead;
      if (bytesRead === 0 || size >= expectedSize) break;
    }
    const bytes = buffer.subarray(0, size);
    for (let written = 0; written < size; ) {
      written += writeSync(output, bytes, written, size - written, written);
    }
    const check = scratchBuffer(1, size + 1);
    const checkSize = readSync(output, check, 0, size + 1, 0);
    if (checkSize !== size || !check.subarray(0, size).equals(bytes)) {
      throw new CopyMismatchError(
        hashBytes(bytes).sha256,
        hashBytes(check.subarray(0, checkSize)).sha256,
      );
    }
    return { ...hashBytes(bytes), ...(keepBytes ? { bytes: Buffer.from(bytes) } : {}) };
  } finally {
    closeSync(output);
  }
}

const openFd = promisify(openCallback);

/**
 * Two buffers (the content read, the copy read back) reused by every small copy: they are used
 * only within one synchronous call. Allocating one per file kept the garbage collector busy.
 */
const scratch: Buffer[] = [];

function scratchBuffer(which: 0 | 1, size: number): Buffer {
  if (size > SMALL_FILE_BYTES + 2) return Buffer.allocUnsafe(size);
  scratch[which] ??= Buffer.allocUnsafe(SMALL_FILE_BYTES + 2);
  return scratch[which]!;
}

/** The copy read back differs from what was read from the original (a failing or full disk). */
export class CopyMismatchError extends Error {
  /** `sha256`: of what was read; `inCopy`: what the copy holds instead (its SHA-256 or its size). */
  constructor(
    readonly sha256: string,
    readonly inCopy: string,
  ) {
    super('the copy differs from what was read');
  }
}

function hashBytes(bytes: Buffer): HashResult {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    head: Buffer.from(bytes.subarray(0, SNIFF_SIZE)),
  };
}

/**
 * Up to this many files, an fsync of each file and of the folders that gained them costs less
 * than one `sync -f`: that starts a process (a fork of this one, costly from a large one) and
 * flushes the whole file system, so it also waits for every other program's writes. Measured on a
 * busy 2-core machine, per commit of one file: 16 ms of CPU and 180 ms of waiting for `sync -f`,
 * 0.6 ms and 6 ms for the fsyncs. Thousands of files at once are where `sync -f` wins.
 */
const FSYNC_EACH_LIMIT = 16;

/**
 * Makes copied files, and their entries in the folders under `caseDir`, durable before they are
 * recorded: an fsync of each for a few files; for more, one `sync -f` (syncfs) of the whole file
 * system when available, else the fsyncs.
 */
export async function makeDurable(paths: readonly string[], caseDir: string): Promise<void> {
  if (paths.length === 0) return;
  reachFaultPoint();
  if (paths.length > FSYNC_EACH_LIMIT) {
    const isSynced = await new Promise<boolean>((resolve) => {
      execFile('sync', ['-f', paths[0]!], (error) => resolve(!error));
    });
    if (isSynced) return;
  }
  for (const path of paths) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  for (const folder of listFoldersBelow(paths, caseDir)) await syncDirectory(folder);
}

/** The folders holding `paths`, and theirs, up to `root` (excluded), deepest first. */
function listFoldersBelow(paths: readonly string[], root: string): string[] {
  const top = resolve(root);
  const folders = new Set<string>();
  for (const path of paths) {
    let folder = dirname(resolve(path));
    while (folder.startsWith(top + sep) && !folders.has(folder)) {
      folders.add(folder);
      folder = dirname(folder);
    }
  }
  return [...folders].sort((a, b) => b.length - a.length);
}

/** SHA-256 of a file, read-only, streamed. */
export async function hashFile(
  path: string,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<HashResult> {
  const input = await open(toFsPath(path), 'r');
  try {
    return await pump(input, onProgress, signal);
  } finally {
    await input.close();
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function pump(
  input: FileHandle,
  onProgress: ProgressCallback | undefined,
  signal: AbortSignal | undefined,
  sink?: (chunk: Buffer) => Promise<void>,
): Promise<HashResult> {
  const hash = createHash('sha256');
  // Three buffers: while one chunk is hashed, the next is being read and the previous written.
  const buffers = [acquireBuffer(), acquireBuffer(), acquireBuffer()];
  try {
    return await pumpWith(buffers, input, hash, onProgress, signal, sink);
  } finally {
    for (const buffer of buffers) releaseBuffer(buffer);
  }
}

/**
 * 1 MiB buffers are reused across files: allocating them per file made the garbage collector the
 * main cost when thousands of small files are added.
 */
const bufferPool: Buffer[] = [];

function acquireBuffer(): Buffer {
  return bufferPool.pop() ?? Buffer.allocUnsafe(CHUNK_SIZE);
}

function releaseBuffer(buffer: Buffer): void {
  if (bufferPool.length < 8) bufferPool.push(buffer);
}

async function pumpWith(
  buffers: Buffer[],
  input: FileHandle,
  hash: ReturnType<typeof createHash>,
  onProgress: ProgressCallback | undefined,
  signal: AbortSignal | undefined,
  sink?: (chunk: Buffer) => Promise<void>,
): Promise<HashResult> {
  let head: Buffer = Buffer.alloc(0);
  let size = 0;
  let turn = 0;
  let pendingWrite: Promise<void> = Promise.resolve();
  let pendingRead = input.read(buffers[0]!, 0, CHUNK_SIZE, null);
  try {
    for (;;) {
      const { bytesRead } = await pendingRead;
      if (bytesRead === 0) break;
      if (signal?.aborted) throw new InterruptedError();
      const chunk = buffers[turn]!.subarray(0, bytesRead);
      // The next read goes into the buffer written two chunks ago, whose write was awaited already.
      const next = (turn + 1) % buffers.length;
      pendingRead = input.read(buffers[next]!, 0, CHUNK_SIZE, null);
      if (head.length < SNIFF_SIZE) {
        // A copy: the buffer is reused for a later read.
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_SIZE - head.length)]);
      }
      hash.update(chunk);
      size += bytesRead;
      await pendingWrite;
      if (sink) pendingWrite = sink(chunk);
      onProgress?.(size);
      turn = next;
    }
    await pendingWrite;
  } finally {
    // Never leave an operation running on a buffer that goes back to the pool.
    await Promise.allSettled([pendingRead, pendingWrite]);
  }
  return { sha256: hash.digest('hex'), size, head };
}

/**
 * Hashes a stream (a zip entry, a file of an export) and, when `destination` is given, writes it
 * there (created exclusively with `mode`) in the same pass. Without a destination nothing is
 * written anywhere: this is how excluded attachments are hashed in place.
 */
export async function hashStream(
  input: AsyncIterable<Buffer | string>,
  destination?: { readonly path: string; readonly mode: number },
  signal?: AbortSignal,
): Promise<HashResult> {
  const hash = createHash('sha256');
  const output = destination ? await open(destination.path, 'wx', destination.mode) : undefined;
  let size = 0;
  let head: Buffer = Buffer.alloc(0);
  try {
    for await (const piece of input) {
      if (signal?.aborted) throw new InterruptedError();
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      hash.update(chunk);
      size += chunk.length;
      if (head.length < SNIFF_SIZE)
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_SIZE - head.length)]);
      if (output) await output.write(chunk);
    }
  } finally {
    await output?.close();
  }
  return { sha256: hash.digest('hex'), size, head };
}
