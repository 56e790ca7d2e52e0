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
