import { readFileSync, writeFileSync } from 'node:fs';

export { zipFiles } from '../../helpers/zip.js';

/** Replaces every occurrence of an entry name in a zip's headers by another of the same length. */
export function renameEntry(zipPath: string, from: string, to: string): void {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to))
    throw new Error('names must have the same length');
  const bytes = readFileSync(zipPath);
  const needle = Buffer.from(from);
  let at = bytes.indexOf(needle);
  while (at !== -1) {
    Buffer.from(to).copy(bytes, at);
    at = bytes.indexOf(needle, at + 1);
  }
  writeFileSync(zipPath, bytes);
}

/** Makes the local and central headers of the (single) entry declare `size` uncompressed bytes. */
export function forgeUncompressedSize(zipPath: string, size: number): void {
  const bytes = readFileSync(zipPath);
  for (let at = 0; at + 4 <= bytes.length; at++) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x04034b50) bytes.writeUInt32LE(size, at + 22);
    if (signature === 0x02014b50) bytes.writeUInt32LE(size, at + 24);
  }
  writeFileSync(zipPath, bytes);
}
