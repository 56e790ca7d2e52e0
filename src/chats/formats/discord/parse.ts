/**
 * DiscordChatExporter (Tyrrrz) JSON: `{ guild, channel, messages[] }`, one file per channel, ISO
 * timestamps with an offset, ids as strings. Parsed losslessly so no id passes through a JS number.
 */
import { posix } from 'node:path';
import { DateTime } from 'luxon';
import type {
  Attachment,
  Inference,
  MessageTime,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import {
  asArray,
  asId,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  EntryIndex,
  epochMs,
  isRecord,
  isThreadSelected,
  type JsonRecord,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
  sniffEntry,
} from '../json-util.js';
import { jsonEntries, looksLikeDce } from './detect.js';
import { SnowflakeCheck } from './snowflake.js';

const userMessageTypes = new Set(['Default', 'Reply']);

/** An ISO 8601 time with an offset, as an exact instant. */
export function timeFromIsoWithOffset(text: string): MessageTime | undefined {
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) return undefined;
  return {
    instant: parsed.toUTC().toISO() ?? undefined,
    precision: /T\d{2}:\d{2}:\d{2}\.\d+/.test(text) ? 'ms' : 'second',
  };
}

function parseChannel(
  source: ExportSource,
  index: EntryIndex,
  file: string,
  data: unknown,
): ParsedConversation {
  if (!isRecord(data) || !Array.isArray(data.messages)) {
    throw malformed(
      source,
      file,
      'no "messages" list, so this is not a DiscordChatExporter JSON export',
    );
  }
  const guild = isRecord(data.guild) ? data.guild : {};
  const channel = isRecord(data.channel) ? data.channel : {};
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const participants = new Map<string, Participant>();
  const check = new SnowflakeCheck();

  const drafts = data.messages.map((raw, i): DraftMessage => {
    const jsonPath = pointer('messages', i);
    if (!isRecord(raw)) throw malformed(source, file, `message ${jsonPath} is not an object`);
    const timestamp = asString(raw.timestamp);
    const time = timestamp ? timeFromIsoWithOffset(timestamp) : undefined;
    if (!time)
      throw malformed(source, file, `message ${jsonPath} has no ISO "timestamp" with an offset`);
    const id = asId(raw.id);
    check.add(id, epochMs(time));
    const author = isRecord(raw.author) ? raw.author : {};
    const sender = asString(author.name);
    const senderId = asId(author.id);
    if (sender)
      participants.set(senderId ?? sender, { name: sender, ...(senderId ? { id: senderId } : {}) });
    const type = asString(raw.type) ?? 'Default';
    const reference = isRecord(raw.reference) ? raw.reference : undefined;
    const replyToId = asId(reference?.messageId);
    const reactions = asArray(raw.reactions)
      .filter(isRecord)
      .map((r) => ({ emoji: (isRecord(r.emoji) ? asString(r.emoji.name) : undefined) ?? '?' }));
    return {
      ...(sender ? { sender } : {}),
      ...(senderId ? { senderId } : {}),
      time,
      text: asString(raw.content) ?? '',
      attachments: readAttachments(raw, index, dir),
      flags: {
        ...(userMessageTypes.has(type) ? {} : { isSystem: true }),
        ...(asString(raw.timestampEdited) ? { isEdited: true } : {}),
      },
      source: { file, jsonPath },
      ...(id ? { id } : {}),
      ...(replyToId ? { replyToId } : {}),
      ...(reactions.length > 0 ? { reactions } : {}),
    };
  });

  const messages = sequenceMessages(drafts);
  const inferences: Inference[] = [];
  const mismatch = check.inference();
  if (mismatch) inferences.push(mismatch);
  const guildName = asString(guild.name);
  const channelName = asString(channel.name) ?? `channel ${asId(channel.id) ?? '?'}`;
  const isDirect = asId(guild.id) === '0' || guildName === 'Direct Messages';
  const referenced = new Set(
    messages.flatMap((m) => m.attachments.flatMap((a) => a.exportPath ?? [])),
  );
  const mediaDir = `${file}_Files`;
  const exportedAt = asString(data.exportedAt);
  return buildConversation(
    {
      format: 'discord',
      title: isDirect || !guildName ? channelName : `${guildName} / ${channelName}`,
      participants: [...participants.values()],
      metadata: {
        variant: 'discordchatexporter-json',
        file,
        ...(asId(guild.id) ? { guildId: asId(guild.id)! } : {}),
        ...(guildName ? { guildName } : {}),
        ...(asId(channel.id) ? { channelId: asId(channel.id)! } : {}),
        ...(asString(channel.type) ? { channelType: asString(channel.type)! } : {}),
        ...(exportedAt ? { exportedAt } : {}),
      },
      inferences,
      notes: [{ code: 'discord.note.exporter' }],
      unreferencedFiles: index.under(mediaDir).filter((p) => !referenced.has(p)),
    },
    messages,
  );
}

function readAttachments(raw: JsonRecord, index: EntryIndex, dir: string): Attachment[] {
  const attachments = asArray(raw.attachments)
    .filter(isRecord)
    .map((a): Attachment => {
      const url = asString(a.url) ?? '';
      const name =
        asString(a.fileName) ?? (posix.basename(url.split('?')[0] ?? '') || 'attachment');
      // With --media, urls are paths relative to the JSON file; otherwise they point to Discord's CDN.
      const exportPath =
        index.resolve(safeDecodeUri(url), [dir, '']) ?? index.resolve(url, [dir, '']);
      const size = typeof a.fileSizeBytes === 'number' ? { size: a.fileSizeBytes } : {};
      return {
        name,
        kind: kindFromName(name),
        ...size,
        ...(exportPath ? { exportPath } : { isMissing: true }),
      };
    });
  const stickers = asArray(raw.stickers)
    .filter(isRecord)
    .map(
      (s): Attachment => ({
        name: asString(s.name) ?? 'sticker',
        kind: 'sticker',
        isMissing: true,
      }),
    );
  return [...attachments, ...stickers];
}

function safeDecodeUri(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const discordParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const index = new EntryIndex(source);
    const files: string[] = [];
    for (const path of jsonEntries(source)) {
      if (looksLikeDce(await sniffEntry(source, path, 4096))) files.push(path);
    }
    if (files.length === 0) {
      throw malformed(
        source,
        source.origin,
        'no DiscordChatExporter JSON file ("guild", "channel", "messages") was found',
      );
    }
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    for (const file of files) {
      const conversation = parseChannel(
        source,
        index,
        file,
        await readJsonEntry(source, file, { isLossless: true }),
      );
      const { title, metadata } = conversation.header;
      available.push(title);
      if (
        isThreadSelected(options.threads, [
          title,
          metadata.channelId,
          file,
          metadata.guildName && title.split(' / ')[1],
        ])
      ) {
        conversations.push(conversation);
      }
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  },
};
