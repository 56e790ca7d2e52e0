/**
 * Helpers shared by the JSON-based chat formats (Meta, Telegram, Discord, Snapchat): reading JSON
 * entries with clear errors, linking referenced files to export entries, times, and assembling a
 * {@link ParsedConversation}.
 */
import { posix } from 'node:path';
import { DateTime } from 'luxon';
import type {
  AttachmentKind,
  ChatMessage,
  ConversationHeader,
  MessageTime,
  ParsedConversation,
} from '../../model/conversation.js';
import { EvidenceError, UsageError } from '../../model/errors.js';
import type { ExportSource } from '../export-source.js';

// Detection's helpers live in entries.ts, which a format's detect imports without this module.
import { isJunkEntry } from './entries.js';

export { isJunkEntry, sniffEntry } from './entries.js';

export type JsonRecord = Record<string, unknown>;

/** A message before it gets its `seq`, with the instant (epoch ms) it is ordered by. */
export type DraftMessage = Omit<ChatMessage, 'seq'>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Ids may arrive as numbers (safe), strings, or strings kept by the lossless parser. */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads an entry as UTF-8 text; a wrong encoding is an EvidenceError naming the file. */
export async function readTextEntry(source: ExportSource, path: string): Promise<string> {
  const bytes = await source.read(path);
  try {
    return strictUtf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch (cause) {
    throw new EvidenceError(
      { code: 'error.chats.formats.jsonUtil.utfTextSo', params: { path, origin: source.origin } },
      { cause },
    );
  }
}

/** Real exports nest a few levels; the readers walk values recursively, so depth is bounded. */
export const MAX_JSON_DEPTH = 1000;

/** Offset where JSON text nests deeper than `limit` (strings skipped), or undefined. */
export function findExcessiveDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  let isInString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isInString) {
      if (code === 0x5c)
        index += 1; // backslash: skip the escaped character
      else if (code === 0x22) isInString = false;
    } else if (code === 0x22) isInString = true;
    else if (code === 0x5b || code === 0x7b) {
      depth += 1;
      if (depth > limit) return index;
    } else if (code === 0x5d || code === 0x7d) depth -= 1;
  }
  return undefined;
}

/** A bare JSON number of 16+ digits (a match inside a string only costs speed, never correctness). */
const mayHoldBigInteger = /[:[,]\s*-?\d{16,}\s*[,\]}]/;

/**
 * Reads and parses a JSON entry. With `isLossless`, integers beyond 2^53 are kept as strings
 * (Discord snowflakes), never passed through a JS number.
 */
export async function readJsonEntry(
  source: ExportSource,
  path: string,
  options: { isLossless?: boolean } = {},
): Promise<unknown> {
  const text = await readTextEntry(source, path);
  const depth = findExcessiveDepth(text, MAX_JSON_DEPTH);
  if (depth !== undefined) {
    throw new EvidenceError({
      code: 'error.chats.formats.jsonUtil.nestsArraysObjects',
      params: { path, origin: source.origin, MAX_JSON_DEPTH, depth },
    });
  }
  try {
    // The lossless parser is ~10x slower: use it only when a bare integer may exceed 2^53.
    if (!options.isLossless || !mayHoldBigInteger.test(text)) return JSON.parse(text);
    // Loaded here, not at the top: every add detects formats, and few files need it.
    const { isSafeNumber, parse: parseLossless } = await import('lossless-json');
    return parseLossless(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits));
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new EvidenceError(
      {
        code: 'error.chats.formats.jsonUtil.completeJsonFile',
        params: { path, origin: source.origin, detail },
      },
      { cause },
    );
  }
}

/** An error about one message or field of an export file, with the fix. */
export function malformed(source: ExportSource, file: string, what: string): EvidenceError {
  return new EvidenceError({
    code: 'error.chats.formats.jsonUtil.exportLooksDamaged',
    params: { file, origin: source.origin, what },
  });
}

const kindByExtension: Record<string, AttachmentKind> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  heic: 'image',
  bmp: 'image',
  mp4: 'video',
  mov: 'video',
  webm: 'video',
  '3gp': 'video',
  mkv: 'video',
  m4v: 'video',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  opus: 'audio',
  ogg: 'audio',
  oga: 'audio',
  wav: 'audio',
  amr: 'audio',
  pdf: 'document',
  doc: 'document',
  docx: 'document',
  txt: 'document',
  zip: 'document',
  odt: 'document',
  tgs: 'sticker',
};

/** The attachment kind from a file name, or `fallback` when the extension says nothing. */
export function kindFromName(name: string, fallback: AttachmentKind = 'other'): AttachmentKind {
  const extension = posix.extname(name).slice(1).toLowerCase();
  return kindByExtension[extension] ?? fallback;
}

/** Finds the export entry a message refers to, whatever folder the export was rooted at. */
export class EntryIndex {
  private readonly paths: Set<string>;
  private readonly byBaseName = new Map<string, string[]>();
  constructor(source: ExportSource) {
    this.paths = new Set(source.entries.filter((e) => !isJunkEntry(e.path)).map((e) => e.path));
    for (const path of this.paths) {
      const name = posix.basename(path);
      const list = this.byBaseName.get(name);
      if (list) list.push(path);
      else this.byBaseName.set(name, [path]);
    }
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** All entry paths under a folder (`dir/`), junk excluded. */
  under(dir: string): string[] {
    const prefix = dir === '' ? '' : `${dir.replace(/\/$/, '')}/`;
    return [...this.paths].filter((p) => p.startsWith(prefix));
  }

  /**
   * Tries each candidate path (normalized, never escaping the export), then an entry whose path
   * ends with the reference itself. Returns undefined when the file is not in the export.
   */
  resolve(reference: string, bases: readonly string[]): string | undefined {
    const cleaned = reference.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (cleaned === '' || /^[a-z][a-z0-9+.-]*:/i.test(cleaned)) return undefined;
    for (const base of bases) {
      const candidate = posix.normalize(posix.join(base, cleaned));
      if (!candidate.startsWith('..') && this.paths.has(candidate)) return candidate;
    }
    const tail = `/${cleaned.replace(/^\/+/, '')}`;
    const sameName = this.byBaseName.get(posix.basename(cleaned)) ?? [];
    const matches = sameName.filter((p) => p.endsWith(tail));
    return matches.length === 1 ? matches[0] : undefined;
  }
}

export { timeFromEpochMs } from '../time.js';

/** Epoch milliseconds of a time that has an instant, else undefined. */
export function epochMs(time: MessageTime): number | undefined {
  return time.instant === undefined ? undefined : Date.parse(time.instant);
}

/**
 * A local wall-clock time (`YYYY-MM-DDTHH:mm[:ss]`) read in an IANA zone the user gave, flagged
 * when it falls in a DST gap or in the repeated hour.
 */
export function timeFromWallClock(wallClock: string, zone: string): MessageTime {
  const local = DateTime.fromISO(wallClock, { zone });
  if (!local.isValid)
    throw new UsageError({ code: 'error.chats.formats.jsonUtil.timeZoneTool', params: { zone } });
  const precision = wallClock.length > 16 ? 'second' : 'minute';
  const isGap = local.toFormat("yyyy-MM-dd'T'HH:mm") !== wallClock.slice(0, 16);
  const offsets = local.getPossibleOffsets();
  const isDstAmbiguous = isGap || offsets.length > 1;
  return {
    instant: local.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined,
    wallClock,
    zone,
    precision,
    ...(isDstAmbiguous ? { isDstAmbiguous } : {}),
  };
}

/** True when the user asked for no thread filter, or one of `names` matches a requested thread. */
export function isThreadSelected(
  threads: readonly string[] | undefined,
  names: readonly (string | undefined)[],
): boolean {
  if (!threads || threads.length === 0) return true;
  const wanted = threads.map((t) => t.trim().toLowerCase().replace(/\/+$/, ''));
  return names.some((name) => {
    if (!name) return false;
    const candidate = name.toLowerCase();
    return wanted.some((w) => candidate === w || candidate.endsWith(`/${w}`));
  });
}

/** Throws when a --thread filter left nothing, listing what the export holds. */
export function assertThreadsFound(
  threads: readonly string[] | undefined,
  found: number,
  available: readonly string[],
): void {
  if (!threads || threads.length === 0 || found > 0) return;
  const list = available.slice(0, 30).join(', ') + (available.length > 30 ? ', …' : '');
  throw new UsageError({
    code: 'error.chats.formats.jsonUtil.conversationExportMatches',
    params: { threads: threads.map((t) => `'${t}'`).join(' '), list: list || '(none)' },
  });
}

/**
 * Orders drafts by instant (stable: ties keep the order given) and numbers them.
 * `orderKey` returns the sort key; drafts without one keep their place relative to the previous one.
 */
export function sequenceMessages(
  drafts: readonly DraftMessage[],
  orderKey: (draft: DraftMessage) => number | bigint | undefined = (d) => epochMs(d.time),
): ChatMessage[] {
  let previous: number | bigint = Number.NEGATIVE_INFINITY;
  const keyed = drafts.map((draft, index) => {
    const key = orderKey(draft) ?? previous;
    previous = key;
    return { draft, key, index };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return keyed.map(({ draft }, seq) => ({ seq, ...draft }));
}

/** Index of the first draft whose key goes backwards in the given (source) order, or -1. */
export function firstOutOfOrder(keys: readonly (number | bigint | undefined)[]): number {
  let previous: number | bigint | undefined;
  for (const [index, key] of keys.entries()) {
    if (key === undefined) continue;
    if (previous !== undefined && key < previous) return index;
    previous = key;
  }
  return -1;
}

type HeaderInput = Omit<ConversationHeader, 'messageCount' | 'firstMessageAt' | 'lastMessageAt'>;

/**
 * Assembles a conversation. Pass `reload` to re-read the messages on each `messages()` call
 * instead of keeping them in memory (exports with many threads).
 */
export function buildConversation(
  header: HeaderInput,
  messages: readonly ChatMessage[],
  reload?: () => Promise<readonly ChatMessage[]>,
): ParsedConversation {
  const timed = messages.filter((m) => m.time.instant !== undefined);
  const full: ConversationHeader = {
    ...header,
    messageCount: messages.length,
    ...(timed[0] ? { firstMessageAt: timed[0].time } : {}),
    ...(timed.length > 0 ? { lastMessageAt: timed[timed.length - 1]!.time } : {}),
  };
  const kept = reload ? undefined : messages;
  return {
    header: full,
    async *messages() {
      yield* kept ?? (await reload!());
    },
  };
}

/** JSON pointer segment escaping (RFC 6901). */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
