import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageParam } from '../model/messages.js';
import { sayText } from './bag-report.js';
import type { BagAlgorithm } from './bagit-text.js';
import { createDigester } from './digester.js';
import type { HashWorker } from './hash-worker.js';

/** A file of a bag, by its path relative to the bag's base folder (`data/…`, `bagit.txt`). */
export interface BagFile {
  readonly path: string;
  readonly size: number;
}

/** Something that is not a regular file where the bag holds files (a link, a device…). */
export interface OddEntry {
  readonly path: string;
  /** English; `code` and `params` say it in any language. */
  readonly message: string;
  readonly code?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** Where a bag's bytes are read from: a folder, or a ZIP read in place. */
export interface BagSource {
  /** Files in the order reading them is cheapest (ZIP order for a ZIP). */
  readonly files: readonly BagFile[];
  readonly oddEntries: readonly OddEntry[];
  /** Whole file, for small tag files; fails past maxBytes. */
  read(path: string, maxBytes: number): Promise<Buffer>;
  /** Digests of one file in one pass; `size` is the number of bytes actually read. */
  digest(
    path: string,
    algorithms: readonly BagAlgorithm[],
    worker: HashWorker | undefined,
  ): Promise<{ digests: Map<BagAlgorithm, string>; size: number }>;
  close(): Promise<void>;
}

export const READ_SIZE = 1 << 20;

/** The bag is this folder (it holds bagit.txt). Links are reported, never followed. */
export async function openFolderBag(folder: string): Promise<BagSource> {
  const files: BagFile[] = [];
  const oddEntries: OddEntry[] = [];
  const walk = async (relative: string) => {
    const names = (await readdir(join(folder, relative))).sort();
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const info = await lstat(join(folder, path));
      if (info.isDirectory()) await walk(path);
      else if (info.isFile()) files.push({ path, size: info.size });
      else
        oddEntries.push({
          path,
          ...sayText(info.isSymbolicLink() ? 'bag.oddSymlink' : 'bag.oddSpecial', { path }),
        });
    }
  };
  await walk('');
  return {
    files,
    oddEntries,
    async read(path, maxBytes) {
      const file = await open(join(folder, path), 'r');
      try {
        const { size } = await file.stat();
        if (size > maxBytes) throw new Error(`${path} is ${size} bytes, more than ${maxBytes}`);
        return await file.readFile();
      } finally {
        await file.close();
      }
    },
    async digest(path, algorithms, worker) {
      const file = await open(join(folder, path), 'r');
      try {
        const { size } = await file.stat();
        const digester = createDigester(algorithms, size >= 4 * READ_SIZE ? worker : undefined);
        for (;;) {
          const buffer = Buffer.allocUnsafe(READ_SIZE);
          const { bytesRead } = await file.read(buffer, 0, READ_SIZE, null);
          if (bytesRead === 0) break;
          await digester.update(buffer.subarray(0, bytesRead));
        }
        return await digester.finish();
      } finally {
        await file.close();
      }
    },
    async close() {},
  };
}
