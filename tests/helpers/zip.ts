/**
 * Makes and reads ZIP files in tests with 7-Zip (Debian's 7z, or the 7za 7zip-bin ships): an
 * implementation independent of preuve's, and no Debian package needed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { sevenZipCommand } from './tools.js';

/** Runs 7-Zip; returns its standard output, or throws with its messages when it fails. */
export function run7z(args: readonly string[], cwd?: string): string {
  return execFileSync(sevenZipCommand(), [...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface ZipOptions {
  /** ZipCrypto, as `zip -P` writes it. */
  readonly password?: string;
  /** Deflate level 0–9 (7-Zip's -mx). */
  readonly level?: number;
  /** Stores symbolic links as links (zip -y), not the files they point to. */
  readonly keepSymlinks?: boolean;
}

/** Zips `names` (relative to `cwd`; '.' is the folder's content) into `zipPath`, recursively. */
export function zipFiles(
  cwd: string,
  zipPath: string,
  names: readonly string[],
  options: ZipOptions = {},
): void {
  const flags = ['-tzip', '-bso0', '-bsp0'];
  if (options.password !== undefined) flags.push(`-p${options.password}`, '-mem=ZipCrypto');
  if (options.level !== undefined) flags.push(`-mx${options.level}`);
  if (options.keepSymlinks) flags.push('-snl');
  run7z(['a', ...flags, zipPath, ...names], cwd);
  if (options.keepSymlinks) markEntriesAsSymlinks(zipPath);
}

/**
 * 7za 16.02 stores a link's target as the entry's bytes but with a regular file's mode: give every
 * central-directory entry the Unix symbolic-link mode, as Info-ZIP's `zip -y` does.
 */
function markEntriesAsSymlinks(zipPath: string): void {
  const bytes = readFileSync(zipPath);
  for (let at = 0; at + 46 <= bytes.length; at++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) continue;
    bytes.writeUInt8(3, at + 5); // made by: Unix
    bytes.writeUInt32LE((0o120777 << 16) >>> 0, at + 38);
  }
  writeFileSync(zipPath, bytes);
}

/** Extracts the whole archive into `dir`. */
export function extractZip(zipPath: string, dir: string, password?: string): void {
  run7z(['x', '-y', '-bso0', '-bsp0', `-o${dir}`, ...(password ? [`-p${password}`] : []), zipPath]);
}

/** One entry's text (`unzip -p`). */
export function readZipEntry(zipPath: string, name: string): string {
  return run7z(['x', '-so', zipPath, name]);
}

/** The entries' names, folders included (`unzip -Z1`). */
export function listZipEntries(zipPath: string): string[] {
  const listing = run7z(['l', '-slt', zipPath]);
  const entries = listing.slice(listing.indexOf('\n----------'));
  return [...entries.matchAll(/^Path = (.*)$/gm)].map((match) => match[1]!);
}
