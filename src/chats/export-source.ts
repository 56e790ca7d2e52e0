import type { Readable } from 'node:stream';

/** One file inside a chat export (a zip entry, a file in a folder, or the single file given). */
export interface ExportEntry {
  /** Path inside the export, with `/` separators, no leading `/`, never containing `..`. */
  readonly path: string;
  readonly size: number;
}

/**
 * Read-only view of a chat export, whatever its container: a single `.txt`/`.json`/`.xml`/`.eml`,
 * an unzipped folder, or a `.zip` read safely (no traversal, no symlinks, bomb caps).
 * Parsers read only through this, so they never touch the file system directly.
 */
export interface ExportSource {
  /** What the user gave: a path on disk. */
  readonly origin: string;
  readonly container: 'file' | 'folder' | 'zip';
  readonly entries: readonly ExportEntry[];
  /** Streams one entry's bytes. Throws EvidenceError if the entry does not exist. */
  open(path: string): Promise<Readable>;
  /** Reads one entry fully (for small files: JSON threads, first bytes for detection). */
  read(path: string, maxBytes?: number): Promise<Buffer>;
  close(): Promise<void>;
}
