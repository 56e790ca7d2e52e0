import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { InterruptedError } from '../model/errors.js';

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
 * streaming pass, then fsyncs the copy. The source is opened read-only.
 */
export async function copyAndHash(
  source: string,
  destination: string,
  mode: number,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<HashResult> {
  const input = await open(source, 'r');
  try {
    const output = await open(destination, 'wx', mode);
    try {
      const result = await pump(input, onProgress, signal, async (chunk) => {
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await output.write(chunk, written, chunk.length - written);
          written += bytesWritten;
        }
      });
      await output.sync();
      return result;
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** SHA-256 of a file, read-only, streamed. */
export async function hashFile(
  path: string,
  onProgress?: ProgressCallback,
  signal?: AbortSignal,
): Promise<HashResult> {
  const input = await open(path, 'r');
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
  // Two buffers: one is being written out while the next read fills the other.
  const buffers = [Buffer.allocUnsafe(CHUNK_SIZE), Buffer.allocUnsafe(CHUNK_SIZE)];
  let head: Buffer = Buffer.alloc(0);
  let size = 0;
  let turn = 0;
  let pendingWrite: Promise<void> = Promise.resolve();
  for (;;) {
    if (signal?.aborted) {
      await pendingWrite;
      throw new InterruptedError();
    }
    const buffer = buffers[turn]!;
    const { bytesRead } = await input.read(buffer, 0, CHUNK_SIZE, null);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    if (head.length < SNIFF_SIZE) {
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_SIZE - head.length)]);
    }
    hash.update(chunk);
    size += bytesRead;
    await pendingWrite;
    if (sink) pendingWrite = sink(chunk);
    onProgress?.(size);
    turn = 1 - turn;
  }
  await pendingWrite;
  return { sha256: hash.digest('hex'), size, head };
}
