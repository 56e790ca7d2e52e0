import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, open as openCallback, readSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { InterruptedError } from '../model/errors.js';
import { reachFaultPoint } from '../model/fault-point.js';
import { toFsPath } from '../model/fs-path.js';

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
 * streaming pass: each chunk read is hashed and written from the same buffer. The source is opened read-only. The copy is not fsynced here: the caller makes
 * a batch of copies durable at once before recording them (see `makeDurable`); flushing while
 * copying measured slower (1 GiB: 3.3 s instead of 1.5 s, the final sync 0.4 s).
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
      const result = await pump(input, onProgress, signal, async (chunk) => {
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

/**
 * Files up to this size are copied and checked with synchronous whole-file calls: each
 * asynchronous file-system call waits its turn in libuv's thread pool, and for thousands of small
 * files those waits, not the bytes, were most of the time (5,000 files: 8 s of 20 s idle).
 */
export const SMALL_FILE_BYTES = 256 * 1024;

/** What a small file's copy read: the whole content stays in memory for sniffing (MIME, EXIF). */
export interface SmallCopyResult extends HashResult {
  readonly bytes: Buffer;
}

/**
 * {@link copyAndHash} for a small file, in as few system calls as the guarantees allow: the
 * original is read once through `sourceFd` (opened by the caller, who checks it did not change),
 * the copy is created exclusively, written, and read back through the same descriptor (one pread
 * instead of re-opening it) to check it holds exactly the bytes that were hashed. `expectedSize`
 * is the size seen when the file was collected: one byte more is asked for, so a file that grew
 * is noticed without a second read. Only creating the copy waits in libuv's pool (it is the call
 * that waits on the disk's journal, and several files are copied at once); reads and writes of a
 * few kilobytes are quicker done in place.
 */
export async function copyAndHashSmall(
  sourceFd: number,
  expectedSize: number,
  destination: string,
  mode: number,
): Promise<SmallCopyResult> {
  const buffer = Buffer.allocUnsafe(expectedSize + 1);
  let size = 0;
  for (;;) {
    const bytesRead = readSync(sourceFd, buffer, size, buffer.length - size, size);
    size += bytesRead;
    if (bytesRead === 0 || size >= expectedSize) break;
  }
  const bytes = buffer.subarray(0, size);
  const output = await openFd(toFsPath(destination), 'wx+', mode);
  try {
    for (let written = 0; written < size; ) {
      written += writeSync(output, bytes, written, size - written, written);
    }
    const check = size < SMALL_FILE_BYTES ? checkScratch() : Buffer.allocUnsafe(size + 1);
    const checkSize = readSync(output, check, 0, size + 1, 0);
    if (checkSize !== size || !check.subarray(0, size).equals(bytes)) {
      throw new CopyMismatchError(
        hashBytes(bytes).sha256,
        hashBytes(check.subarray(0, checkSize)).sha256,
      );
    }
  } finally {
    closeSync(output);
  }
  return { ...hashBytes(bytes), bytes };
}

const openFd = promisify(openCallback);

/** One buffer for every read-back check: it is used only between two synchronous calls. */
let scratch: Buffer | undefined;

function checkScratch(): Buffer {
  scratch ??= Buffer.allocUnsafe(SMALL_FILE_BYTES + 1);
  return scratch;
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
 * Makes copied files durable before they are recorded: one `sync -f` (syncfs) for the whole file
 * system when available, else an fsync per file.
 */
export async function makeDurable(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  reachFaultPoint();
  const isSynced = await new Promise<boolean>((resolve) => {
    execFile('sync', ['-f', paths[0]!], (error) => resolve(!error));
  });
  if (isSynced) return;
  for (const path of paths) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
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
