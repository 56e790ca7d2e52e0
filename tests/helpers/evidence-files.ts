import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const BACKGROUND = { r: 240, g: 240, b: 245 };

/** A tiny but valid PDF receipt (synthetic). */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** The first bytes of an MP4 (ftyp box): enough for content detection. */
export const SAMPLE_MP4 = Buffer.from(
  '000000186674797069736f6d0000020069736f6d6d703432000000086672656500000008',
  'hex',
);

/**
 * Writes a folder of synthetic evidence as a family would bring it: screenshots in PNG/JPEG/WebP,
 * an iPhone HEIC photo, a PDF receipt, a video, and OS litter. Returns the folder.
 */
export async function writeSampleEvidence(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  await sharp({ create: { width: 360, height: 780, channels: 3, background: BACKGROUND } })
    .png()
    .toFile(join(dir, 'Screenshot_20240312-210455.png'));
  await sharp({
    create: { width: 400, height: 300, channels: 3, background: { r: 200, g: 100, b: 50 } },
  })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Synthetic' },
      IFD2: { DateTimeOriginal: '2024:03:12 21:04:55', OffsetTimeOriginal: '+01:00' },
    })
    .toFile(join(dir, 'IMG_20240312_210455.jpg'));
  await sharp({ create: { width: 300, height: 600, channels: 3, background: BACKGROUND } })
    .webp()
    .toFile(join(dir, 'capture.webp'));
  await writeHeic(join(dir, 'photo.heic'));
  writeFileSync(join(dir, 'recu-transcash.pdf'), SAMPLE_PDF);
  writeFileSync(join(dir, 'video.mp4'), SAMPLE_MP4);
  writeFileSync(join(dir, '.DS_Store'), 'litter');
  return dir;
}

/**
 * An HEVC HEIC as iPhones write them: a 64×64 grey image made once with heif-enc (Debian
 * libheif-examples, `heif-enc -q 50 grey.png`) and kept in tests/fixtures/images, so the tests
 * need no system tool.
 */
export async function writeHeic(path: string): Promise<void> {
  copyFileSync(HEIC_FIXTURE, path);
}

const HEIC_FIXTURE = resolve(import.meta.dirname, '../fixtures/images/grey-64x64.heic');
