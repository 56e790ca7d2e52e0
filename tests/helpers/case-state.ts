import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under a folder with its SHA-256 and mode: to prove a command changed nothing. */
export function snapshotTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const info = lstatSync(path);
      const key = relative(dir, path);
      if (info.isDirectory()) {
        result[`${key}/`] = (info.mode & 0o777).toString(8);
        walk(path);
      } else {
        result[key] = `${(info.mode & 0o777).toString(8)} ${sha256File(path)}`;
      }
    }
  };
  walk(dir);
  return result;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every byte under a folder, concatenated, to search for a sensitive file's content. */
export function allBytesUnder(dir: string): Buffer[] {
  const buffers: Buffer[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      const info = lstatSync(path);
      if (info.isDirectory()) walk(path);
      else if (info.isFile()) buffers.push(readFileSync(path));
    }
  };
  walk(dir);
  return buffers;
}
