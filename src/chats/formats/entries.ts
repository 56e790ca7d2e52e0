/**
 * What a format's `detect` needs to look at an export: entry names and first bytes. Kept apart from
 * json-util.ts and html-util.ts so that detection loads no JSON or HTML parser.
 */
import type { ExportSource } from '../export-source.js';
import { isOsLitter } from '../sources/litter.js';

/** Entries that are OS litter (`__MACOSX/`, `._*`, `.DS_Store`…), never part of an export. */
export function isJunkEntry(path: string): boolean {
  return isOsLitter(path);
}

/** The first bytes of an entry as text, for detection. Never throws. */
export async function sniffEntry(
  source: ExportSource,
  path: string,
  bytes = 4096,
): Promise<string> {
  try {
    const head = await source.read(path, bytes);
    return head.toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return '';
  }
}
