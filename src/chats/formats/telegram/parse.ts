/**
 * Telegram Desktop "Machine-readable JSON" export: `result.json` holding one chat
 * (`{name, type, id, messages}`) or the whole account (`chats.list`, `left_chats.list`).
 * Times: `date_unixtime` (UTC epoch seconds) when present; else `date`, the exporting computer's
 * local wall-clock time, read in the zone the user gave and recorded as an inference.
 */
import { posix } from 'node:path';
import type {
  Attachment,
  AttachmentKind,
  Inference,
  MessageTime,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import type { Message } from '../../../model/messages.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import {
  asArray,
  asId,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  EntryIndex,
  isJunkEntry,
  isRecord,
  isThreadSelected,
  type JsonRecord,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
  timeFromEpochMs,
  timeFromWallClock,
} from '../json-util.js';
import { resultFiles } from './detect.js';
import { parseTelegramHtml } from './html.js';
import { findTelegramPages } from './pages.js';

const skippedFile = /^\(File (not included|exceeds maximum size|unavailable)/;

const mediaKinds: Record<string, AttachmentKind> = {
  sticker: 'sticker',
  video_message: 'video',
  video_file: 'video',
  animation: 'video',
  voice_message: 'audio',
  audio_file: 'audio',
};

/** The text of a message: `text_entities` when present, else `text` (string or mixed array). */
function readText(raw: JsonRecord): { text: string; links: string[] } {
  const parts = Array.isArray(raw.text_entities)
    ? raw.text_entities
    : Array.isArray(raw.text)
      ? raw.text
      : undefined;
  if (!parts) return { text: asString(raw.text) ?? '', links: [] };
  let text = '';
  const links: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (!isRecord(part)) continue;
    const run = asString(part.text) ?? '';
    text += run;
    if (part.type === 'link' && run) links.push(run);
    const href = asString(part.href);
    if (part.type === 'text_link' && href) links.push(href);
  }
  return { text, links };
}

/** A readable line for a service message (`action`), built from its own fields. */
function describeAction(raw: JsonRecord): string {
  const action = asString(raw.action) ?? 'service';
  const details: string[] = [];
  const members = asArray(raw.members).filter((m): m is string => typeof m === 'string');
  if (members.length > 0) details.push(`members: ${members.join(', ')}`);
  const title = asString(raw.title);
  if (title) details.push(`title: ${title}`);
  if (typeof raw.duration_seconds === 'number') details.push(`duration: ${raw.duration_seconds} s`);
  const reason = asString(raw.discard_reason);
  if (reason) details.push(`ended: ${reason}`);
  if (typeof raw.message_id === 'number') details.push(`message: ${raw.message_id}`);
  const own = readText(raw).text;
  return [`[${action.replace(/_/g, ' ')}]`, details.join('; '), own].filter(Boolean).join(' ');
}

interface ChatContext {
  readonly source: ExportSource;
  readonly index: EntryIndex;
  readonly file: string;
  readonly baseDir: string;
  readonly timeZone: string;
  readonly exporterId?: string;
}

function parseChat(
  chat: JsonRecord,
  chatPointer: string,
  context: ChatContext,
): ParsedConversation {
  const { source, index, file, baseDir } = context;
  if (!Array.isArray(chat.messages)) {
    throw malformed(source, file, `chat ${chatPointer || '/'} has no "messages" list`);
  }
  let wallClockCount = 0;
  let epochSentinel: string | undefined;
  const participants = new Map<string, Participant>();
  const drafts = chat.messages.map((raw, i): DraftMessage => {
    const jsonPath = `${chatPointer}${pointer('messages', i)}`;
    if (!isRecord(raw)) throw malformed(source, file, `message ${jsonPath} is not an object`);
    const time = readTime(raw);
    if (!time)
      throw malformed(
        source,
        file,
        `message ${jsonPath} has neither "date_unixtime" nor a valid "date"`,
      );
    const isService = raw.type === 'service';
    const senderId = asId(isService ? raw.actor_id : raw.from_id);
    const name = asString(isService ? raw.actor : raw.from);
    const sender = name ?? senderId;
    if (sender) {
      participants.set(senderId ?? sender, {
        name: sender,
        ...(senderId ? { id: senderId } : {}),
        ...(senderId && senderId === context.exporterId ? { isExporter: true } : {}),
      });
    }
    const { text, links } = isService ? { text: describeAction(raw), links: [] } : readText(raw);
    const attachments = readAttachments(raw);
    const edited = asString(raw.edited_unixtime) ?? asString(raw.edited);
    const isSentinel = edited !== undefined && epochSentinelPattern.test(edited);
    if (isSentinel) epochSentinel ??= edited;
    return {
      ...(sender ? { sender } : {}),
      ...(senderId ? { senderId } : {}),
      time,
      text,
      attachments,
      flags: {
        ...(isService ? { isSystem: true } : {}),
        ...(edited && !isSentinel && edited !== '0' ? { isEdited: true } : {}),
        ...(raw.forwarded_from !== undefined ? { isForwarded: true } : {}),
        ...(typeof raw.self_destruct_period_seconds === 'number' ? { isViewOnce: true } : {}),
      },
      source: { file, jsonPath },
      ...(asId(raw.id) ? { id: asId(raw.id) } : {}),
      ...(asId(raw.reply_to_message_id) ? { replyToId: asId(raw.reply_to_message_id) } : {}),
      ...(links.length > 0 ? { links } : {}),
      ...readReactions(raw),
    };
  });

  function readTime(raw: JsonRecord): MessageTime | undefined {
    const unix =
      asString(raw.date_unixtime) ??
      (typeof raw.date_unixtime === 'number' ? String(raw.date_unixtime) : undefined);
    if (unix && /^\d+$/.test(unix)) return timeFromEpochMs(Number(unix) * 1000, 'second', unix);
    const date = asString(raw.date);
    if (!date || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(date)) return undefined;
    wallClockCount += 1;
    return timeFromWallClock(date, context.timeZone);
  }

  function readAttachments(raw: JsonRecord): Attachment[] {
    const found: Attachment[] = [];
    const add = (value: unknown, kind: AttachmentKind, fallbackName: string) => {
      const ref = asString(value);
      if (!ref) return;
      if (skippedFile.test(ref)) {
        found.push({ name: asString(raw.file_name) ?? fallbackName, kind, isMissing: true });
        return;
      }
      const exportPath = index.resolve(ref, [baseDir]);
      const name = posix.basename(ref);
      found.push({ name, kind, ...(exportPath ? { exportPath } : { isMissing: true }) });
    };
    add(raw.photo, 'image', 'photo');
    const mediaType = asString(raw.media_type);
    const fileName = asString(raw.file_name) ?? asString(raw.file) ?? 'file';
    const fileKind =
      (mediaType ? mediaKinds[mediaType] : undefined) ?? kindFromName(fileName, 'document');
    add(raw.file, fileKind, fileName);
    return found;
  }

  const messages = sequenceMessages(drafts);
  const inferences: Inference[] = [];
  if (wallClockCount > 0) {
    inferences.push(
      inferred(
        'time-zone',
        {
          code: 'telegram.localTime.decision',
          params: { count: wallClockCount, zone: context.timeZone },
        },
        describeLocalTime(epochSentinel),
      ),
    );
  }
  const type = asString(chat.type) ?? 'unknown';
  const id = asId(chat.id);
  const title =
    asString(chat.name) ??
    (type === 'saved_messages' ? 'Saved Messages' : `Telegram chat ${id ?? '?'}`);
  const referenced = new Set(
    messages.flatMap((m) => m.attachments.flatMap((a) => a.exportPath ?? [])),
  );
  return buildConversation(
    {
      format: 'telegram',
      title,
      participants: [...participants.values()],
      metadata: {
        variant: chatPointer === '' ? 'single-chat' : 'account-export',
        chatType: type,
        ...(id ? { chatId: id } : {}),
        file,
      },
      inferences,
      notes: [{ code: 'telegram.note.secretChats' }],
      unreferencedFiles:
        chatPointer === ''
          ? index
              .under(baseDir)
              .filter(
                (p) =>
                  p !== file &&
                  !referenced.has(p) &&
                  !/(^|\/)(css|js|images)\//.test(p.slice(baseDir.length)),
              )
          : [],
    },
    messages,
  );
}

/** `1970-01-01T05:00:00` or `1969-12-31T19:00:00`: the epoch shown in the exporter's local time. */
const epochSentinelPattern = /^(1970-01-01|1969-12-31)T(\d{2}):(\d{2})/;

/**
 * Older exports write "never edited" as the epoch in the exporter's local time, so the placeholder
 * gives the UTC offset the exporting computer's zone had on 1 January 1970: a hint worth showing.
 */
function describeLocalTime(sentinel: string | undefined): Message {
  const match = sentinel ? epochSentinelPattern.exec(sentinel) : null;
  if (!sentinel || !match) return { code: 'telegram.localTime.reason' };
  const minutes =
    Number(match[2]) * 60 + Number(match[3]) - (match[1] === '1969-12-31' ? 24 * 60 : 0);
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { code: 'telegram.localTime.reasonWithSentinel', params: { sentinel, offset } };
}

function readReactions(raw: JsonRecord): { reactions?: { emoji: string; by?: string }[] } {
  const reactions = asArray(raw.reactions)
    .filter(isRecord)
    .flatMap((r) => {
      const emoji = asString(r.emoji) ?? asString(r.type) ?? '?';
      const recent = asArray(r.recent).filter(isRecord);
      if (recent.length === 0) return [{ emoji }];
      return recent.map((who) => {
        const by = asString(who.from) ?? asId(who.from_id);
        return by ? { emoji, by } : { emoji };
      });
    });
  return reactions.length > 0 ? { reactions } : {};
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const telegramParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const named = resultFiles(source);
    const jsonFiles = source.entries
      .map((e) => e.path)
      .filter(
        (p) =>
          (source.container === 'file' || p.toLowerCase().endsWith('.json')) && !isJunkEntry(p),
      );
    const file = named[0] ?? (jsonFiles.length === 1 ? jsonFiles[0] : undefined);
    if (!named[0] && findTelegramPages(source).size > 0) return parseTelegramHtml(source, options);
    if (!file)
      throw malformed(
        source,
        source.origin,
        'no result.json nor messages.html was found (export the chat from Telegram Desktop, as HTML or JSON)',
      );
    const data = await readJsonEntry(source, file);
    if (!isRecord(data)) throw malformed(source, file, 'the top level is not a JSON object');
    const context: ChatContext = {
      source,
      index: new EntryIndex(source),
      file,
      baseDir: posix.dirname(file) === '.' ? '' : posix.dirname(file),
      timeZone: options.timeZone,
    };
    const chats: { chat: JsonRecord; at: string }[] = [];
    if (Array.isArray(data.messages)) {
      chats.push({ chat: data, at: '' });
    } else {
      for (const key of ['chats', 'left_chats']) {
        const list = isRecord(data[key]) ? (data[key] as JsonRecord).list : undefined;
        for (const [i, chat] of asArray(list).entries()) {
          if (isRecord(chat)) chats.push({ chat, at: pointer(key, 'list', i) });
        }
      }
      if (chats.length === 0) {
        throw malformed(
          source,
          file,
          'neither "messages" nor "chats.list" was found (export with the chat history ticked, as JSON)',
        );
      }
    }
    const info = isRecord(data.personal_information) ? data.personal_information : undefined;
    const exporterId = asId(info?.user_id);
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    for (const { chat, at } of chats) {
      const title = asString(chat.name) ?? `Telegram chat ${asId(chat.id) ?? '?'}`;
      available.push(title);
      if (!isThreadSelected(options.threads, [title, asId(chat.id)])) continue;
      conversations.push(
        parseChat(chat, at, {
          ...context,
          ...(exporterId ? { exporterId: `user${exporterId}` } : {}),
        }),
      );
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  },
};
