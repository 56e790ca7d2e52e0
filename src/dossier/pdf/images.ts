import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type sharpModule from 'sharp';
import type { Sharp } from 'sharp';

export type Rendition =
  | {
      readonly kind: 'image';
      readonly data: Buffer;
      readonly width: number;
      readonly height: number;
      /** Size of the image once oriented, before downscaling (the pixels OCR boxes refer to). */
      readonly sourceWidth: number;
      readonly sourceHeight: number;
    }
  | {
      readonly kind: 'placeholder';
      readonly reason: 'undecodable' | 'heic';
      readonly detail: string;
    };

/** Largest side of a rendition in pixels: ~190 dpi across the page width, enough to read a screenshot. */
const MAX_PIXELS = 1300;

/**
 * A JPEG rendition of a stored image copy for the PDF (pdfkit draws only JPEG and PNG): oriented
 * by EXIF, flattened on white, downscaled to at most {@link MAX_PIXELS}. WebP, GIF, TIFF, AVIF are
 * converted; HEVC HEIC (which sharp's bundled libvips cannot decode) goes through heic-decode.
 * Anything that cannot be decoded gives a placeholder with the reason; the build goes on.
 */
export async function prepareRendition(path: string, maxPixels = MAX_PIXELS): Promise<Rendition> {
  // Loaded here, not at the top: a dossier without images never pays sharp's start.
  const sharp = requireSharp();
  try {
    return await renderWithSharp(
      sharp(path, { failOn: 'error', limitInputPixels: 250_000_000 }),
      maxPixels,
    );
  } catch (sharpError) {
    const isHeif = await sharp(path)
      .metadata()
      .then((m) => m.format === 'heif')
      .catch(() => false);
    if (!isHeif)
      return { kind: 'placeholder', reason: 'undecodable', detail: messageOf(sharpError) };
    try {
      return await renderWithSharp(await decodeHeic(path), maxPixels);
    } catch (heicError) {
      return { kind: 'placeholder', reason: 'heic', detail: messageOf(heicError) };
    }
  }
}

async function renderWithSharp(image: Sharp, maxPixels: number): Promise<Rendition> {
  const meta = await image.metadata();
  // EXIF orientations 5 to 8 turn the picture a quarter: width and height swap.
  const isTurned = (meta.orientation ?? 1) >= 5;
  const sourceWidth = (isTurned ? meta.height : meta.width) ?? 0;
  const sourceHeight = (isTurned ? meta.width : meta.height) ?? 0;
  const { data, info } = await image
    .rotate()
    .resize(maxPixels, maxPixels, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return {
    kind: 'image',
    data,
    width: info.width,
    height: info.height,
    sourceWidth: sourceWidth || info.width,
    sourceHeight: sourceHeight || info.height,
  };
}

async function decodeHeic(path: string): Promise<Sharp> {
  // heic-decode ships no types.
  const heicModule: string = 'heic-decode';
  const { default: decode } = (await import(heicModule)) as {
    default: (input: {
      buffer: Buffer;
    }) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
  };
  const decoded = await decode({ buffer: await readFile(path) });
  const sharp = requireSharp();
  return sharp(Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), {
    raw: { width: decoded.width, height: decoded.height, channels: 4 },
  });
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 160);
}

/**
 * sharp, required when an image is drawn (about 0.1 s to load): required, not imported, since its
 * CommonJS build loads in half the CPU time of its ES module one.
 */
function requireSharp(): typeof sharpModule {
  return createRequire(import.meta.url)('sharp') as typeof sharpModule;
}
