import { Readable } from 'node:stream';
import type { ExportSource } from '../../src/chats/export-source.js';

/**
 * An in-memory ExportSource for parser unit tests: `{ 'path/in/export': 'content' | Buffer }`.
 * Real containers (file, folder, zip) are tested on their own.
 */
export function createMemorySource(
  files: Record<string, string | Buffer>,
  container: ExportSource['container'] = 'folder',
): ExportSource {
  const buffers = new Map(
    Object.entries(files).map(([path, content]) => [
      path,
      typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    ]),
  );
  const get = (path: string): Buffer => {
    const buffer = buffers.get(path);
    if (!buffer) throw new Error(`no entry ${path} in memory source`);
    return buffer;
  };
  return {
    origin: '/memory',
    container,
    entries: [...buffers].map(([path, buffer]) => ({ path, size: buffer.length })),
    open: async (path) => Readable.from([get(path)]),
    read: async (path, maxBytes) => {
      const buffer = get(path);
      return maxBytes === undefined ? buffer : buffer.subarray(0, maxBytes);
    },
    close: async () => {},
  };
}
