/**
 * Snapchat "My Data" `json/chat_history.json`, two generations:
 * - legacy: `Received|Sent Saved|Unsaved Chat History` lists with `From`/`To`, `Media Type`,
 *   `Created`, `Text`;
 * - current: keyed by conversation (username, or a UUID for groups), newest first, with `Content`
 *   (null when Snapchat did not keep it), `IsSender`, `IsSaved`, `Media IDs`, `Created` in UTC.
 */
import { posix } from 'node:path';
import { DateTime } from 'luxon';
import type {
  Attachment,
  ChatMessage,
  Inference,
  MessageFlags,
  MessageTime,
  ParsedConversation,
} from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import {
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  isJunkEntry,
  isRecord,
  isThreadSelected,
  type JsonRecord,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
} from '../json-util.js';
import { findChatHistory } from './detect.js';

/** The text shown for a message whose content Snapchat did not keep (the PDF renders the flag). */
export const contentNotKeptText = '(content not kept by Snapchat)';

const legacyLists = [
  ['Received Saved Chat History', 'received', true],
  ['Sent Saved Chat History', 'sent', true],
  ['Received Unsaved Chat History', 'received', false],
  ['Sent Unsaved Chat History', 'sent', false],
] as const;

/** `2024-03-12 20:41:10 UTC` as an instant, second precision. */
function readCreated(text: string | undefined): MessageTime | undefined {
  const match = text
    ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: UTC)?$/.exec(text.trim())
    : null;
  if (!match) return undefined;
  const parsed = DateTime.fromISO(`${match[1]}T${match[2]}`, { zone: 'utc' });
  return parsed.isValid
    ? { instant: parsed.toISO({ suppressMilliseconds: true }) ?? undefined, precision: 'second' }
    : undefined;
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
};

/** Legacy `Text` carries HTML entities (`&#39;`). */
function unescapeHtml(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/** Media files of the export, by the id in their name (`chat_media/2024-03-12_<id>.jpg`). */
function indexMedia(source: ExportSource): Map<string, string> {
  const byId = new Map<string, string>();
  for (const { path } of source.entries) {
    if (isJunkEntry(path) || !/(^|\/)chat_media\//.test(path)) continue;
    const base = posix.basename(path, posix.extname(path));
    byId.set(base.replace(/^\d{4}-\d{2}-\d{2}_/, ''), path);
  }
  return byId;
}

interface Thread {
  readonly key: string;
  title: string;
  readonly drafts: DraftMessage[];
  readonly exporters: Set<string>;
  readonly others: Set<string>;
  timeChecks: number;
  readonly timeMismatches: string[];
}

function newThread(key: string): Thread {
  return {
    key,
    title: key,
    drafts: [],
    exporters: new Set(),
    others: new Set(),
    timeChecks: 0,
    timeMismatches: [],
  };
}

function systemFlags(mediaType: string): MessageFlags {
  if (mediaType === 'STATUSERASEDMESSAGE') return { isSystem: true, isDeleted: true };
  return mediaType.startsWith('STATUS') ? { isSystem: true } : {};
}

function readCurrent(
  source: ExportSource,
  file: string,
  data: JsonRecord,
  media: Map<string, string>,
): Thread[] {
  const threads: Thread[] = [];
  for (const [key, list] of Object.entries(data)) {
    if (!Array.isArray(list))
      throw malformed(source, file, `conversation "${key}" is not a list of messages`);
    const thread = newThread(key);
    for (const [i, raw] of list.entries()) {
      const jsonPath = pointer(key, i);
      if (!isRecord(raw)) throw malformed(source, file, `message ${jsonPath} is not an object`);
      let time = readCreated(asString(raw.Created));
      if (!time)
        throw malformed(
          source,
          file,
          `message ${jsonPath} has no "Created" time like "2024-03-12 20:41:10 UTC"`,
        );
      const precise = raw['Created(microseconds)'];
      if (typeof precise === 'number' && time.instant) {
        // Misnamed: it holds epoch milliseconds (13 digits). Decide the unit by magnitude.
        const ms = precise > 1e14 ? Math.floor(precise / 1000) : precise;
        thread.timeChecks += 1;
        if (Math.abs(ms - Date.parse(time.instant)) < 1000)
          time = { instant: new Date(ms).toISOString(), precision: 'ms' };
        else thread.timeMismatches.push(jsonPath);
      }
      const from = asString(raw.From);
      const isSender = raw.IsSender === true;
      if (from) (isSender ? thread.exporters : thread.others).add(from);
      const title = asString(raw['Conversation Title']);
      if (title) thread.title = title;
      const mediaType = asString(raw['Media Type']) ?? 'TEXT';
      const content = raw.Content;
      const mediaIds = (asString(raw['Media IDs']) ?? '')
        .split('|')
        .map((m) => m.trim())
        .filter(Boolean);
      const attachments = mediaIds.map((id): Attachment => {
        const exportPath = media.get(id);
        return exportPath
          ? { name: posix.basename(exportPath), kind: kindFromName(exportPath), exportPath }
          : { name: id, kind: 'other', isMissing: true };
      });
      const isStatus = mediaType.startsWith('STATUS');
      const isContentMissing = content === null && !isStatus && mediaIds.length === 0;
      const isMediaOmitted = mediaType !== 'TEXT' && !isStatus && mediaIds.length === 0;
      thread.drafts.push({
        ...(from ? { sender: from } : {}),
        time,
        text: isContentMissing
          ? contentNotKeptText
          : (asString(content) ?? (isStatus ? `[${mediaType.toLowerCase()}]` : '')),
        attachments,
        flags: {
          ...systemFlags(mediaType),
          ...(isContentMissing ? { isContentMissing: true } : {}),
          ...(isMediaOmitted ? { isMediaOmitted: true } : {}),
        },
        source: { file, jsonPath },
      });
    }
    thread.drafts.reverse(); // newest first in the file
    threads.push(thread);
  }
  return threads;
}

const accountHolder = 'account holder';

function readLegacy(source: ExportSource, file: string, data: JsonRecord): Thread[] {
  const byPeer = new Map<string, Thread>();
  for (const [listName, direction, isSaved] of legacyLists) {
    const list = data[listName];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw malformed(source, file, `"${listName}" is not a list`);
    for (const [i, raw] of list.entries()) {
      const jsonPath = pointer(listName, i);
      if (!isRecord(raw)) throw malformed(source, file, `message ${jsonPath} is not an object`);
      const peer = asString(direction === 'received' ? raw.From : raw.To);
      if (!peer)
        throw malformed(
          source,
          file,
          `message ${jsonPath} has no "${direction === 'received' ? 'From' : 'To'}"`,
        );
      const time = readCreated(asString(raw.Created));
      if (!time)
        throw malformed(
          source,
          file,
          `message ${jsonPath} has no "Created" time like "2021-06-01 19:28:21 UTC"`,
        );
      const thread = byPeer.get(peer) ?? newThread(peer);
      byPeer.set(peer, thread);
      thread.others.add(peer);
      if (direction === 'sent') thread.exporters.add(accountHolder);
      const mediaType = asString(raw['Media Type']) ?? 'TEXT';
      const text = asString(raw.Text);
      const isContentMissing = mediaType === 'TEXT' && (text === undefined || text === '');
      const isMediaOmitted = mediaType !== 'TEXT' && !mediaType.startsWith('STATUS');
      thread.drafts.push({
        // The sender of "Sent" rows is the account holder, whose name the legacy file does not give.
        sender: direction === 'received' ? peer : accountHolder,
        time,
        text: isContentMissing ? contentNotKeptText : unescapeHtml(text ?? ''),
        attachments: [],
        flags: {
          ...systemFlags(mediaType),
          ...(isContentMissing ? { isContentMissing: true } : {}),
          ...(isMediaOmitted ? { isMediaOmitted: true } : {}),
        },
        source: { file, jsonPath, raw: isSaved ? 'saved' : 'unsaved' },
      });
    }
  }
  return [...byPeer.values()];
}

function toConversation(
  thread: Thread,
  variant: string,
  file: string,
  referencedMedia: Set<string>,
): ParsedConversation {
  const messages: ChatMessage[] = sequenceMessages(thread.drafts);
  for (const m of messages)
    for (const a of m.attachments) if (a.exportPath) referencedMedia.add(a.exportPath);
  const inferences: Inference[] = [];
  if (thread.timeMismatches.length > 0) {
    inferences.push(
      inferred(
        'other',
        { code: 'snapchat.created.decision', params: { count: thread.timeMismatches.length } },
        { code: 'snapchat.created.reason', params: { first: String(thread.timeMismatches[0]) } },
      ),
    );
  }
  const missing = messages.filter((m) => m.flags.isContentMissing).length;
  const exporter = [...thread.exporters][0];
  return buildConversation(
    {
      format: 'snapchat',
      title: thread.title,
      participants: [
        ...[...thread.others].filter((n) => !thread.exporters.has(n)).map((name) => ({ name })),
        ...(exporter ? [{ name: exporter, isExporter: true }] : []),
      ],
      metadata: { variant, conversationKey: thread.key, file },
      inferences,
      notes: [
        missing > 0
          ? { code: 'snapchat.note.deletedCount', params: { count: missing } }
          : { code: 'snapchat.note.deleted' },
      ],
      unreferencedFiles: [],
    },
    messages,
  );
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const snapchatParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const file = findChatHistory(source);
    if (!file)
      throw malformed(
        source,
        source.origin,
        'no json/chat_history.json was found (choose "Export JSON Files" in My Data)',
      );
    const data = await readJsonEntry(source, file);
    if (!isRecord(data)) throw malformed(source, file, 'the top level is not a JSON object');
    const isLegacy = legacyLists.some(([name]) => name in data);
    const threads = isLegacy
      ? readLegacy(source, file, data)
      : readCurrent(source, file, data, indexMedia(source));
    const variant = isLegacy ? 'legacy-saved-unsaved-lists' : 'by-conversation';
    const referenced = new Set<string>();
    const all = threads.map((t) => toConversation(t, variant, file, referenced));
    const conversations = all.filter((_, i) =>
      isThreadSelected(options.threads, [threads[i]!.title, threads[i]!.key]),
    );
    assertThreadsFound(
      options.threads,
      conversations.length,
      threads.map((t) => t.title),
    );
    const unreferenced = [...indexMedia(source).values()].filter((p) => !referenced.has(p)).sort();
    // Overlays and thumbnails have no link in the JSON: list them once, with the first conversation.
    return conversations.map((c, i) =>
      i === 0 && unreferenced.length > 0
        ? { ...c, header: { ...c.header, unreferencedFiles: unreferenced } }
        : c,
    );
  },
};
