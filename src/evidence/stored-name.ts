import { extname } from 'node:path';

const MAX_STEM = 80;

/**
 * A file name safe on every file system and in a ZIP, keeping letters of any script, digits and
 * the extension: `Capture d'écran 2024-03-12 à 21.04.55.png` → `Capture_d_écran_2024-03-12_à_21.04.55.png`.
 */
export function toSafeFileName(name: string): string {
  const normalized = name.normalize('NFC');
  const extension = extname(normalized)
    .replace(/[^\p{L}\p{N}.]/gu, '')
    .slice(0, 12);
  const stem = normalized.slice(0, normalized.length - extname(normalized).length);
  const safeStem = stem
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .replace(/_+$/, '')
    .slice(0, MAX_STEM);
  return `${safeStem || 'file'}${extension}`;
}

/**
 * `path` itself, or, when a file already took that stored path (`photo 1.jpg` and `photo_1.jpg`
 * both become `photo_1.jpg`; `Photo.jpg` and `photo.jpg` are one file on some disks), the same
 * with `-2`, `-3`… before the extension. Deterministic for the same input order; the original
 * names stay in the exhibit's file list. `used` is updated.
 */
export function makeUniqueStoredPath(path: string, used: Set<string>): string {
  const key = (candidate: string) => candidate.normalize('NFC').toLowerCase();
  let candidate = path;
  const extension = extname(path);
  const stem = path.slice(0, path.length - extension.length);
  for (let counter = 2; used.has(key(candidate)); counter += 1) {
    candidate = `${stem}-${counter}${extension}`;
  }
  used.add(key(candidate));
  return candidate;
}
