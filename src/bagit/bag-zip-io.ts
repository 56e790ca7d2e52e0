import { createHash } from 'node:crypto';
import { type FileHandle, link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EvidenceError, InterruptedError, UsageError } from '../model/errors.js';
import type { Digester } from './digester.js';
import type { HashWorker } from './hash-worker.js';
import type { OutputTap } from './zip-sinks.js';

/** Bytes are read, hashed and zipped in pieces of this size (smaller pieces hash ~20% slower). */
export const READ_SIZE = 1 << 20;

export async function openTemp(tempFile: string): Promise<FileHandle> {
  try {
    return await open(tempFile, 'wx', 0o600);
  } catch (error) {
    throw new UsageError(
      {
        code: 'error.bagit.bagZipIo.createCheckOutput',
        params: { tempFile, value: (error as NodeJS.ErrnoException).code ?? error },
      },
      { cause: error },
    );
  }
}

/** Bytes already in memory, in read-sized pieces. */
export async function* chunksOf(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += READ_SIZE) {
    yield bytes.subarray(offset, offset + READ_SIZE);
  }
}

/** A file in 1 MiB pieces; fails if it does not have the size it had when the build started. */
export async function* readFileChunks(
  path: string,
  expectedSize: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    let total = 0;
    for (;;) {
      if (signal?.aborted) throw new InterruptedError();
      const buffer = Buffer.allocUnsafe(READ_SIZE);
      const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > expectedSize) break;
      yield buffer.subarray(0, bytesRead);
    }
    if (total !== expectedSize) {
      throw new EvidenceError({
        code: 'error.bagit.bagZipIo.changedWhileDossier',
        params: { path, expectedSize, total: total > expectedSize ? 'more' : total },
      });
    }
  } finally {
    await file.close();
  }
}

/**
 * A file smaller than one piece, read whole (open, one read, close): many of them are read ahead,
 * several at a time, while earlier ones are zipped. Fails like {@link readFileChunks} if it does
 * not have the size it had when the build started.
 */
export async function readSmallFile(path: string, expectedSize: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    // One byte more than expected: a file that grew reads more, a short read is the end.
    const buffer = Buffer.allocUnsafe(expectedSize + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, total, buffer.length - total, null);
      total += bytesRead;
      if (bytesRead === 0 || total === buffer.length) break;
    }
    if (total !== expectedSize) {
      throw new EvidenceError({
        code: 'error.bagit.bagZipIo.changedWhileDossier',
        params: { path, expectedSize, total: total > expectedSize ? 'more' : total },
      });
    }
    return buffer.subarray(0, total);
  } finally {
    await file.close();
  }
}

export async function* hashChunks(
  chunks: AsyncIterable<Buffer>,
  digester: Digester,
): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    await digester.update(chunk);
    yield chunk;
  }
}

/**
 * SHA-256 and size of the ZIP as it is written: in the worker, in pieces of at least 1 MiB, or
 * here when there is no worker (a small bag: starting the thread costs more CPU, about 0.06 s,
 * than hashing a few MiB inline).
 */
export function createOutputTap(worker: HashWorker | undefined): {
  tap: OutputTap;
  finish(): Promise<{ sha256: string; size: number }>;
} {
  if (!worker) return createInlineTap();
  const hash = worker.create('sha256');
  let pending: Uint8Array[] = [];
  let pendingSize = 0;
  let size = 0;
  const flush = () => {
    // Headers come a few bytes at a time: gathered into one piece, big chunks go as they are.
    const batch = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    pendingSize = 0;
    return hash.update(batch);
  };
  return {
    tap(chunk) {
      // The chunk is held until the tap resolves, and the worker copies it: no copy here.
      size += chunk.byteLength;
      pending.push(chunk);
      pendingSize += chunk.byteLength;
      return pendingSize >= READ_SIZE ? flush() : undefined;
    },
    async finish() {
      if (pendingSize > 0) await flush();
      return { sha256: await hash.digest(), size };
    },
  };
}

function createInlineTap(): ReturnType<typeof createOutputTap> {
  const hash = createHash('sha256');
  let size = 0;
  return {
    tap(chunk) {
      size += chunk.byteLength;
      hash.update(chunk);
      return undefined;
    },
    async finish() {
      return { sha256: hash.digest('hex'), size };
    },
  };
}

/** Rename into place; without force, a file that appeared meanwhile is still never replaced. */
export async function moveIntoPlace(
  tempFile: string,
  outFile: string,
  force: boolean,
): Promise<void> {
  if (force) {
    await rename(tempFile, outFile);
  } else {
    try {
      await link(tempFile, outFile);
      await unlink(tempFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new UsageError({
          code: 'error.bagit.bagZipIo.appearedWhileDossier',
          params: { outFile },
        });
      }
      // Some file systems (FAT, exFAT USB sticks) have no hard links.
      if (await stat(outFile).catch(() => undefined)) {
        throw new UsageError({
          code: 'error.bagit.bagZipIo.alreadyExistsLeft',
          params: { outFile },
        });
      }
      await rename(tempFile, outFile);
    }
  }
  const folder = await open(dirname(outFile), 'r').catch(() => undefined);
  await folder?.sync().catch(() => {});
  await folder?.close();
}
