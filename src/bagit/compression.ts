/**
 * Extensions of formats that are already compressed: deflating them again costs CPU (about 7x
 * the time of storing, measured here) for almost no gain, so they are stored.
 */
const STORED_EXTENSIONS = new Set([
  // images
  'jpg',
  'jpeg',
  'png',
  'webp',
  'heic',
  'heif',
  'avif',
  'gif',
  'jxl',
  // video and audio
  'mp4',
  'm4v',
  'mov',
  '3gp',
  'mkv',
  'webm',
  'avi',
  'm4a',
  'mp3',
  'opus',
  'ogg',
  'oga',
  'aac',
  'flac',
  'amr',
  // archives and documents that are archives inside
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  'zst',
  '7z',
  'rar',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'epub',
  // PDF streams are compressed already
  'pdf',
  'tsr',
]);

/**
 * Entries bigger than this are checked for ZIP bombs by their compression ratio when a ZIP is read
 * (./zip-bag-source.ts), so the dossier stores them undeflated: a big but very repetitive file (a
 * video of one colour, a log of zeros) would otherwise deflate past the ratio limit and the
 * dossier preuve wrote would fail its own verify. Big evidence is media, which deflate cannot
 * shrink anyway.
 */
export const RATIO_FLOOR_BYTES = 16 * 1024 * 1024;

/** Whether a file with this name (and size, when known) is stored (not deflated) in the ZIP. */
export function isStoredInZip(name: string, size = 0): boolean {
  if (size > RATIO_FLOOR_BYTES) return true;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot < name.lastIndexOf('/')) return false;
  return STORED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
