import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { toFsPath } from './fs-path.js';

/**
 * The SHA-256 of a file, hex, read-only and streamed (memory stays flat whatever the size). For
 * checking what is already there (a dossier's ZIP, a case's copies); intake hashes as it copies,
 * in evidence/hash.ts.
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(toFsPath(path), { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
