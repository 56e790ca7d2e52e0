/** Files that operating systems drop into folders and archives; never evidence, never part of an export. */
const LITTER_NAMES = new Set([
  '.ds_store',
  'thumbs.db',
  'desktop.ini',
  'ehthumbs.db',
  '.localized',
]);

/**
 * True for `.DS_Store`, `Thumbs.db`, `desktop.ini` (any case), `._*` AppleDouble files and anything
 * under `__MACOSX/`. Takes a path with `/` separators or a bare file name.
 */
export function isOsLitter(path: string): boolean {
  const segments = path.split('/');
  if (segments.includes('__MACOSX')) return true;
  const name = segments[segments.length - 1] ?? '';
  return LITTER_NAMES.has(name.toLowerCase()) || name.startsWith('._');
}
