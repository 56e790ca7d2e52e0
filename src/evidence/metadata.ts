import { createRequire } from 'node:module';
import type exifrModule from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import type sharpModule from 'sharp';
import type { Metadata } from 'sharp';
import type { ExhibitKind, ImageInfo } from '../model/exhibit.js';
import type { RecordedTime } from '../model/time.js';
import { interpretWallClock } from '../model/zone.js';

/** Images above this many pixels are not test-decoded at ingest (the PDF downsizes them later). */
const DECODE_CHECK_MAX_PIXELS = 60_000_000;

/**
 * MIME type from the content's first bytes (never from the extension). Text without a magic
 * number is recognised as `text/plain` when it is valid UTF-8 without control bytes.
 */
export async function detectMime(head: Buffer): Promise<string> {
  if (head.length === 0) return 'application/x-empty';
  const type = await fileTypeFromBuffer(head);
  if (type) return type.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  // Cut at the last complete line so a multi-byte character split by the sniff window does not count.
  const lastNewline = head.lastIndexOf(0x0a);
  const sample = lastNewline > 0 && head.length >= 4096 ? head.subarray(0, lastNewline) : head;
  if (sample.includes(0)) return false;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
    // Allow tab, LF, CR, form feed; refuse other C0 control characters.
    return !/[\u0000-\u0008\u000b\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

/** The exhibit kind a MIME type suggests; the user's --kind wins. */
export function kindFromMime(mime: string): ExhibitKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/') || mime.startsWith('audio/')) return 'media';
  if (mime === 'message/rfc822') return 'email';
  if (mime === 'application/pdf') return 'document';
  return 'other';
}

/**
 * Width, height and format of an image copy, and whether its pixels can be decoded here
 * (the prebuilt libvips cannot decode HEVC HEIC: such a file is kept and hashed all the same).
 */
export async function readImageInfo(path: string): Promise<ImageInfo> {
  // Loaded here, not at the top: an add without images never pays sharp's start (about 0.1 s).
  // Required, not imported: its CommonJS build loads in half the CPU time of its ES module one.
  const sharp = createRequire(import.meta.url)('sharp') as typeof sharpModule;
  let metadata: Metadata;
  try {
    metadata = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { isUndecodable: true, undecodableReason: shortReason(error) };
  }
  const info: ImageInfo = {
    ...(metadata.width ? { width: metadata.width } : {}),
    ...(metadata.height ? { height: metadata.height } : {}),
    ...(metadata.format ? { format: metadata.format } : {}),
  };
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > DECODE_CHECK_MAX_PIXELS) return info;
  try {
    await sharp(path, { limitInputPixels: false }).resize(8, 8, { fit: 'inside' }).raw().toBuffer();
    return info;
  } catch (error) {
    return { ...info, isUndecodable: true, undecodableReason: shortReason(error, metadata.format) };
  }
}

function shortReason(error: unknown, format?: string): string {
  if (format === 'heif')
    return 'HEIC/HEIF photo: its HEVC compression cannot be decoded by the image library on this computer';
  const message = error instanceof Error ? error.message : String(error);
  // libvips prefixes messages with the file path: keep only the cause.
  return message
    .split('\n')[0]!
    .replace(/^[^:]*\/[^:]*:\s*/, '')
    .slice(0, 200);
}

/**
 * EXIF DateTimeOriginal (with OffsetTimeOriginal when present) as a recorded time, from a file or
 * from its bytes already in memory.
 * Without an offset, EXIF holds the camera's local time: it is interpreted in `timeZone` and
 * marked as assumed.
 */
export async function readExifTime(
  input: string | Buffer,
  timeZone: string,
): Promise<RecordedTime | undefined> {
  let tags: Record<string, unknown> | undefined;
  // Loaded here, not at the top: only photos are read for EXIF. Required, not imported: exifr is
  // CommonJS, and Node's import of it costs four times its require.
  const exifr = createRequire(import.meta.url)('exifr') as typeof exifrModule;
  try {
    tags = await exifr.parse(input, {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal', 'CreateDate', 'OffsetTime'],
      reviveValues: false,
    });
  } catch {
    return undefined;
  }
  const raw = (tags?.DateTimeOriginal ?? tags?.CreateDate) as string | undefined;
  if (typeof raw !== 'string') return undefined;
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  if (!match) return undefined;
  const wallClock = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
  const offset = (tags?.OffsetTimeOriginal ?? tags?.OffsetTime) as string | undefined;
  if (typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim())) {
    const instant = new Date(`${wallClock}${offset.trim()}`);
    if (!Number.isNaN(instant.getTime())) {
      return {
        source: 'exif',
        instant: instant.toISOString(),
        offset: offset.trim(),
        wallClock,
        precision: 'second',
      };
    }
  }
  const interpreted = interpretWallClock(wallClock, timeZone);
  return {
    source: 'exif',
    wallClock,
    zone: timeZone,
    isZoneAssumed: true,
    precision: 'second',
    ...(interpreted ? { instant: interpreted.instant, offset: interpreted.offset } : {}),
    note: 'EXIF has no time zone (no OffsetTimeOriginal): read as local time in the case zone.',
  };
}
