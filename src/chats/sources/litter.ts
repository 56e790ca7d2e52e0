/** Files that operating systems drop into folders and archives; never part of a chat export. */
const LITTER_NAMES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** True for `.DS_Store`, `Thumbs.db`, `desktop.ini`, `._*` AppleDouble files and anything under `__MACOSX/`. */
export function isOsLitter(path: string): boolean {
  const segments = path.split('/');
  if (segments.includes('__MACOSX')) return true;
  const name = segments[segments.length - 1] ?? '';
  return LITTER_NAMES.has(name) || name.startsWith('._');
}
