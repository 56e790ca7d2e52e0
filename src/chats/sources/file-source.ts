import { createReadStream } from 'node:fs';
import { open as openFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { EvidenceError } from '../../model/errors.js';
import { toFsPath } from '../../model/fs-path.js';
import type { ExportSource } from '../export-source.js';

/** A single file given as the whole export (an Android `.txt`, a JSON thread…). */
export async function openFileSource(filePath: string): Promise<ExportSource> {
  const { size } = await stat(toFsPath(filePath));
  const name = basename(filePath);
  const check = (path: string): void => {
    if (path !== name) {
      throw new EvidenceError({
        code: 'error.chats.sources.fileSource.partExport',
        params: { path, filePath, name },
      });
    }
  };
  return {
    origin: filePath,
    container: 'file',
    entries: [{ path: name, size }],
    open: async (path): Promise<Readable> => {
      check(path);
      return createReadStream(toFsPath(filePath));
    },
    read: async (path, maxBytes) => {
      check(path);
      return readFilePrefix(filePath, maxBytes);
    },
    close: async () => {},
  };
}

/** Reads a whole file, or only its first `maxBytes`. */
export async function readFilePrefix(filePath: string, maxBytes?: number): Promise<Buffer> {
  const handle = await openFile(toFsPath(filePath), 'r');
  try {
    if (maxBytes === undefined) return await handle.readFile();
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
