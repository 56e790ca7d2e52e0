/**
 * TikTok "Download your data": the direct messages, from the JSON export (`user_data.json`, newer
 * `user_data_tiktok.json`: "Direct Message(s)" → "Direct Messages"/"Chat History" → "ChatHistory"
 * → { "Chat History with <user>:": [{ Date, From, Content }] }) or the TXT export (a
 * "Direct Messages" text file holding "Chat History with <user>:" then Date:/From:/Content: lines).
 * Times ("2024-03-13 22:41:05") carry no zone. TikTok gives no media files, only links.
 */
import { posix } from 'node:path';
import type {
  Inference,
  MessageTime,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import {
  asArray,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  isRecord,
  isThreadSelected,
  type JsonRecord,
  malformed,
  pointer,
  readJsonEntry,
  readTextEntry,
  sequenceMessages,
  sniffEntry,
  timeFromWallClock,
} from '../json-util.js';
import { candidateFiles, looksLikeTikTokJson, looksLikeTikTokTxt } from './detect.js';

interface RawMessage {
  readonly date: string;
  readonly from: string | undefined;
  readonly content: string | undefined;
  readonly file: string;
  readonly where: { jsonPath?: string; lineStart?: number; lineEnd?: number };
}

interface RawChat {
  readonly title: string;
  readonly messages: RawMessage[];
}

const chatKey = /^(?:>>>\s*)?Chat History with (.+?):{1,2}\s*$/;

/** Finds the "ChatHistory" object, whatever the export generation calls the levels above it. */
function findChatHistory(data: JsonRecord): { history: JsonRecord; at: string[] } | undefined {
  for (const top of ['Direct Message', 'Direct Messages']) {
    const level = data[top];
    if (!isRecord(level)) continue;
    for (const middle of ['Direct Messages', 'Chat History']) {
      const inner = level[middle];
      if (isRecord(inner) && isRecord(inner.ChatHistory))
        return { history: inner.ChatHistory, at: [top, middle, 'ChatHistory'] };
    }
  }
  return undefined;
}

function exporterName(data: JsonRecord): string | undefined {
  const profile = isRecord(data.Profile) ? data.Profile : undefined;
  const info = profile ? (profile['Profile Info'] ?? profile['Profile Information']) : undefined;
  const map = isRecord(info) && isRecord(info.ProfileMap) ? info.ProfileMap : undefined;
  return asString(map?.userName);
}

async function readJsonChats(source: ExportSource, file: string) {
  const data = await readJsonEntry(source, file);
  const found = isRecord(data) ? findChatHistory(data) : undefined;
  if (!found || !isRecord(data)) return undefined;
  const chats: RawChat[] = [];
  for (const [key, list] of Object.entries(found.history)) {
    const title = chatKey.exec(key)?.[1] ?? key;
    const messages = asArray(list).flatMap((raw, i): RawMessage[] => {
      if (!isRecord(raw)) return [];
      return [
        {
          date: asString(raw.Date) ?? '',
          from: asString(raw.From),
          content: asString(raw.Content),
          file,
          where: { jsonPath: pointer(...found.at, key, i) },
        },
      ];
    });
    chats.push({ title, messages });
  }
  return { chats, exporter: exporterName(data) };
}

function readTxtChats(text: string, file: string): RawChat[] {
  const chats: RawChat[] = [];
  let chat: RawChat | undefined;
  let current:
    | { date: string; from?: string; content: string[]; lineStart: number; lineEnd: number }
    | undefined;
  let field: 'content' | undefined;
  const flush = (): void => {
    if (!chat || !current) return;
    const content = current.content.join('\n').replace(/\n+$/, '');
    chat.messages.push({
      date: current.date,
      from: current.from,
      content,
      file,
      where: { lineStart: current.lineStart, lineEnd: current.lineEnd },
    });
    current = undefined;
  };
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const header = chatKey.exec(line);
    if (header) {
      flush();
      chat = { title: header[1]!, messages: [] };
      chats.push(chat);
      continue;
    }
    const date = /^Date:\s*(.*)$/.exec(line);
    if (date && chat) {
      flush();
      current = { date: date[1]!.trim(), content: [], lineStart: i + 1, lineEnd: i + 1 };
      field = undefined;
      continue;
    }
    if (!current) continue;
    if (line.trim() !== '') current.lineEnd = i + 1;
    const from = /^From:\s*(.*)$/.exec(line);
    const content = /^Content:\s?(.*)$/.exec(line);
    if (from && field === undefined) current.from = from[1]!.trim();
    else if (content && field === undefined) {
      field = 'content';
      current.content.push(content[1]!);
    } else if (field === 'content') current.content.push(line);
  }
  flush();
  return chats;
}

/** "2024-03-13 22:41:05" (no zone) or with " UTC" (an instant). */
function readDate(
  date: string,
  zone: string,
): { time: MessageTime; isWallClock: boolean } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\s*UTC)?$/.exec(date.trim());
  if (!match) return undefined;
  const local = `${match[1]}T${match[2]}`;
  if (match[3]) {
    const seconds = match[2]!.length > 5 ? '' : ':00';
    return {
      time: { instant: `${local}${seconds}Z`, precision: seconds ? 'minute' : 'second' },
      isWallClock: false,
    };
  }
  return { time: timeFromWallClock(local, zone), isWallClock: true };
}

function toConversation(
  chat: RawChat,
  exporter: string | undefined,
  zone: string,
  file: string,
): ParsedConversation {
  const drafts: DraftMessage[] = [];
  const participants = new Map<string, Participant>();
  let wallClock = 0;
  let unreadable = 0;
  for (const raw of chat.messages) {
    const read = readDate(raw.date, zone);
    if (!read) {
      unreadable += 1;
      continue;
    }
    if (read.isWallClock) wallClock += 1;
    if (raw.from && !participants.has(raw.from))
      participants.set(raw.from, {
        name: raw.from,
        ...(raw.from === exporter ? { isExporter: true } : {}),
      });
    const text = raw.content ?? '';
    const links = /^https?:\/\/\S+$/.test(text.trim()) ? [text.trim()] : [];
    drafts.push({
      ...(raw.from ? { sender: raw.from } : {}),
      time: read.time,
      text,
      attachments: [],
      flags: text.trim() === '' ? { isContentMissing: true } : {},
      source: { file: raw.file, ...raw.where },
      ...(links.length > 0 ? { links } : {}),
    });
  }
  const inferences: Inference[] = [];
  if (wallClock > 0) {
    inferences.push(
      inferred(
        'time-zone',
        { code: 'tiktok.localTime.decision', params: { count: wallClock, zone } },
        { code: 'tiktok.localTime.reason' },
      ),
    );
  }
  if (unreadable > 0) {
    inferences.push({
      kind: 'other',
      decision: `${unreadable} message(s) left out`,
      reason:
        'their "Date" is not a date TikTok writes (YYYY-MM-DD hh:mm:ss): the file was edited or damaged',
    });
  }
  return buildConversation(
    {
      format: 'tiktok',
      title: chat.title,
      participants: [...participants.values()],
      metadata: { file, ...(exporter ? { accountHolder: exporter } : {}) },
      inferences,
      notes: [
        'TikTok’s "Download your data" holds the text of direct messages only: pictures and videos sent in them are not included (at most a link).',
      ],
      unreferencedFiles: [],
    },
    sequenceMessages(drafts),
  );
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const tiktokParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    let isFound = false;
    for (const file of candidateFiles(source)) {
      const head = await sniffEntry(source, file, 262_144);
      const isJson = /^\s*\{/.test(head);
      let chats: RawChat[] | undefined;
      let exporter: string | undefined;
      if (isJson && (looksLikeTikTokJson(head) || /^user_data/i.test(posix.basename(file)))) {
        const read = await readJsonChats(source, file);
        if (!read) continue;
        chats = read.chats;
        exporter = read.exporter;
      } else if (!isJson && looksLikeTikTokTxt(head)) {
        chats = readTxtChats(await readTextEntry(source, file), file);
      }
      if (!chats) continue;
      isFound = true;
      for (const chat of chats) {
        available.push(chat.title);
        if (!isThreadSelected(options.threads, [chat.title])) continue;
        conversations.push(toConversation(chat, exporter, options.timeZone, file));
      }
    }
    if (!isFound) {
      throw malformed(
        source,
        source.origin,
        'no TikTok direct messages were found (user_data.json with "ChatHistory", or the "Direct Messages" text file)',
      );
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  },
};
