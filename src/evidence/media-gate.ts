import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { attachmentKey } from '../chats/attachment-key.js';
import { openExportSource } from '../chats/sources/open-export-source.js';
import type { Attachment, MessageTime } from '../model/conversation.js';
import { InterruptedError } from '../model/errors.js';
import { toFsPath } from '../model/fs-path.js';
import type { CollectedFile } from './collect.js';
import type { ConversationInput } from './conversation-input.js';
import { detectMime } from './metadata.js';
import type { IntakeItem } from './recognise-chats.js';

export { attachmentKey };

/**
 * Where an image or video would come from:
 * `file` a file given or found in a folder; `archive` a plain zip (not a chat export) holding
 * images or videos; `attachment` a file of a chat export a message names; `embedded` a file
 * inside an export entry (MMS part, e-mail attachment); `unreferenced` a file of a chat export
 * that no message names.
 */
export type MediaOrigin = 'file' | 'archive' | 'attachment' | 'embedded' | 'unreferenced';

/** One image or video an intake would copy: it needs a decision before any byte is copied. */
export interface GatedMedia {
  /** What decisions are given for: the file's path, or `<export path>!/<path or ref inside>`. */
  readonly key: string;
  /** The name the family knows it by (file name, attachment name, path inside the export). */
  readonly name: string;
  readonly origin: MediaOrigin;
  /** The chat export or archive it is inside (absent for a plain file). */
  readonly container?: string;
  /** For an attachment: who sent it and when, to recognise it. */
  readonly sender?: string;
  readonly time?: MessageTime;
  /** For an archive: how many images and videos it holds (absent: the zip cannot be read). */
  readonly mediaCount?: number;
}

/**
 * `copy`: copied into the case. `sensitive`: intimate, hashed where it is, never copied.
 * `exclude`: kept out, hashed where it is (an attachment the user excluded, media nobody was asked about).
 */
export type MediaDecision = 'copy' | 'exclude' | 'sensitive';

export type MediaDecider = (media: GatedMedia) => MediaDecision;

/** The decision key of something inside an export or archive. */
export function innerMediaKey(container: string, inner: string): string {
  return `${container}!/${inner}`;
}

export interface ScriptPolicyOptions {
  /** --sensitive: every file given is intimate. */
  readonly isSensitive: boolean;
  /** --exclude-attachment names or paths inside the export. */
  readonly excludeAttachments: readonly string[];
  /** --include-unreferenced-media: copy media no message names (default: hashed in place). */
  readonly includeUnreferencedMedia: boolean;
}

/**
 * The decisions a command line without questions makes: files the user named are copied unless
 * --sensitive; attachments are copied unless excluded by name; media no message names are only
 * hashed unless --include-unreferenced-media, because nobody was asked about them.
 */
export function scriptMediaPolicy(options: ScriptPolicyOptions): MediaDecider {
  return (media) => {
    if (options.isSensitive) return 'sensitive';
    if (media.origin === 'file' || media.origin === 'archive') return 'copy';
    const base = media.name.split('/').at(-1) ?? media.name;
    const inner = media.key.slice((media.container?.length ?? 0) + 2);
    if (options.excludeAttachments.some((wanted) => [media.name, base, inner].includes(wanted)))
      return 'exclude';
    if (media.origin === 'unreferenced' && !options.includeUnreferencedMedia) return 'exclude';
    return 'copy';
  };
}

/**
 * Lists every image and video the intake would copy, whatever the path: files given or found in
 * folders, plain zips holding images, and in chat exports the attachments, the files inside
 * entries (MMS, e-mail) and the files no message names. Reads only first bytes; copies nothing.
 */
export async function listGatedMedia(
  items: readonly IntakeItem[],
  signal?: AbortSignal,
): Promise<GatedMedia[]> {
  const media: GatedMedia[] = [];
  const seen = new Set<string>();
  const push = (item: GatedMedia) => {
    if (seen.has(item.key)) return;
    seen.add(item.key);
    media.push(item);
  };
  for (const item of items) {
    if (signal?.aborted) throw new InterruptedError();
    if (item.kind === 'file') {
      const gated = await gateFile(item.file, item.mime);
      if (gated) push(gated);
      continue;
    }
    for (const gated of await gateExport(item.input, signal)) push(gated);
  }
  return media;
}

/** `sniffed`: the MIME type already read from the file's first bytes, when it was. */
async function gateFile(file: CollectedFile, sniffed?: string): Promise<GatedMedia | undefined> {
  if (file.size === 0) return undefined;
  const mime = sniffed ?? (await detectMime(await readFileHead(file.realPath)));
  if (isMediaMime(mime)) return { key: file.path, name: file.name, origin: 'file' };
  if (mime !== 'application/zip') return undefined;
  // A zip that is not a chat export is copied whole: the images inside it are copied with it.
  let count = 0;
  try {
    const source = await openExportSource(file.realPath);
    try {
      for (const entry of source.entries) {
        if (entry.size === 0) continue;
        if (isMediaMime(await detectMime(await source.read(entry.path, 4100)))) count += 1;
      }
    } finally {
      await source.close();
    }
  } catch {
    // Unreadable (a download cut short): it may still hold an intimate image, so it is asked about.
    return { key: file.path, name: file.name, origin: 'archive' };
  }
  return count > 0
    ? { key: file.path, name: file.name, origin: 'archive', mediaCount: count }
    : undefined;
}

async function gateExport(input: ConversationInput, signal?: AbortSignal): Promise<GatedMedia[]> {
  const { source } = input;
  const known = new Set(source.entries.map((entry) => entry.path));
  const media: GatedMedia[] = [];
  const referenced = new Set<string>();
  for (const conversation of input.conversations) {
    const messages = conversation.references
      ? conversation.references.attachmentMessages()
      : conversation.messages();
    for await (const message of messages) {
      if (signal?.aborted) throw new InterruptedError();
      for (const attachment of message.attachments) {
        const key = attachmentKey(attachment);
        referenced.add(key);
        const isEmbedded = Boolean(attachment.embedded && !attachment.exportPath);
        if (!isEmbedded && (!attachment.exportPath || !known.has(attachment.exportPath))) continue;
        if (!(await isAttachmentMedia(input, attachment))) continue;
        media.push({
          key: innerMediaKey(input.path, key),
          name: attachment.name,
          origin: isEmbedded ? 'embedded' : 'attachment',
          container: input.path,
          ...(message.sender ? { sender: message.sender } : {}),
          time: message.time,
        });
      }
    }
  }
  if (source.container === 'file') return media;
  for (const conversation of input.conversations) {
    for (const path of conversation.header.unreferencedFiles) {
      if (referenced.has(path) || !known.has(path)) continue;
      const head = await source.read(path, 4100);
      if (!isMediaMime(await detectMime(head)) && !hasMediaExtension(path)) continue;
      media.push({
        key: innerMediaKey(input.path, path),
        name: path,
        origin: 'unreferenced',
        container: input.path,
      });
    }
  }
  return media;
}

/** By what the export says, else by the first bytes (a file named .bin can be a photo). */
async function isAttachmentMedia(input: ConversationInput, attachment: Attachment) {
  if (['image', 'video', 'sticker'].includes(attachment.kind)) return true;
  if (attachment.mime && isMediaMime(attachment.mime)) return true;
  if (hasMediaExtension(attachment.exportPath ?? attachment.name)) return true;
  if (attachment.exportPath) {
    return isMediaMime(await detectMime(await input.source.read(attachment.exportPath, 4100)));
  }
  if (attachment.embedded && input.format.openEmbedded) {
    const stream = await input.format.openEmbedded(input.source, attachment.embedded);
    return isMediaMime(await detectMime(await readStreamHead(stream)));
  }
  return false;
}

function isMediaMime(mime: string): boolean {
  return mime.startsWith('image/') || mime.startsWith('video/');
}

const MEDIA_EXTENSIONS =
  /\.(jpe?g|png|gif|webp|heic|heif|avif|bmp|tiff?|mp4|mov|m4v|3gp|webm|mkv|avi)$/i;

function hasMediaExtension(path: string): boolean {
  return MEDIA_EXTENSIONS.test(path);
}

async function readFileHead(path: string): Promise<Buffer> {
  // toFsPath: a name that is not UTF-8 is opened by its own bytes (model/fs-path.ts).
  const handle = await open(toFsPath(path), 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readStreamHead(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    chunks.push(buffer);
    length += buffer.length;
    if (length >= 4100) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, 4100);
}
