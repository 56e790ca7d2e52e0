/**
 * Discord's own data package ("Request all of my data"): `Messages/c<id>/messages.json` (newer) or
 * `messages/<id>/messages.csv` (older), with `channel.json` and `Messages/index.json`.
 * It holds only the messages the account holder sent: the dossier must say so.
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
import type { Message } from '../../../model/messages.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import { timeFromIsoWithOffset } from '../discord/parse.js';
import { SnowflakeCheck, snowflakeKey } from '../discord/snowflake.js';
import {
  asArray,
  asId,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  epochMs,
  isRecord,
  isThreadSelected,
  type JsonRecord,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  readTextEntry,
  sequenceMessages,
} from '../json-util.js';
import { type ChannelFiles, findChannels } from './detect.js';

export const ownMessagesOnlyNote: Message = { code: 'discordPackage.note.ownMessagesOnly' };

/** Finds an entry by path, ignoring case (`Messages/` vs `messages/`, `Account/` vs `account/`). */
function findEntry(source: ExportSource, path: string): string | undefined {
  const wanted = path.toLowerCase();
  return source.entries.find((e) => e.path.toLowerCase() === wanted)?.path;
}

async function readOptionalJson(source: ExportSource, path: string | undefined): Promise<unknown> {
  return path ? readJsonEntry(source, path, { isLossless: true }) : undefined;
}

interface RawRow {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly contents: string;
  readonly attachments: string;
  /** Where the row is, for messages: `/3` (JSON) or `line 4` (CSV). */
  readonly at: string;
  readonly lines?: { lineStart: number; lineEnd: number };
}

async function readRows(
  source: ExportSource,
  channel: ChannelFiles,
): Promise<{ file: string; rows: RawRow[] }> {
  if (channel.messagesJson) {
    const file = channel.messagesJson;
    const data = await readJsonEntry(source, file, { isLossless: true });
    if (!Array.isArray(data))
      throw malformed(source, file, 'the top level is not a list of messages');
    const rows = data.map((raw, i): RawRow => {
      if (!isRecord(raw)) throw malformed(source, file, `message ${pointer(i)} is not an object`);
      return {
        id: asId(raw.ID),
        timestamp: asString(raw.Timestamp),
        contents: asString(raw.Contents) ?? '',
        attachments: asString(raw.Attachments) ?? '',
        at: pointer(i),
      };
    });
    return { file, rows };
  }
  const file = channel.messagesCsv!;
  const text = await readTextEntry(source, file);
  const bytes = Buffer.from(text, 'utf8');
  // Loaded here, not at the top: every add detects formats, and only a Discord package's CSV
  // needs the CSV parser.
  const { parse: parseCsv } = await import('csv-parse/sync');
  let records: { record: Record<string, string>; info: { bytes: number } }[];
  try {
    // RFC 4180: quoted fields hold commas, doubled quotes and line breaks of the original message.
    records = parseCsv(bytes, { columns: true, skip_empty_lines: true, info: true });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw malformed(source, file, `not a valid CSV file (${detail})`);
  }
  if (records.length > 0 && !('Timestamp' in records[0]!.record)) {
    throw malformed(
      source,
      file,
      'the CSV has no "Timestamp" column (expected ID,Timestamp,Contents,Attachments)',
    );
  }
  // csv-parse counts a quoted CRLF as two lines: count line feeds up to the record's end instead.
  let previousEnd = 1; // the header line
  let counted = 0;
  let lineFeeds = 0;
  const rows = records.map(({ record, info }): RawRow => {
    // info.bytes sometimes already includes the record's own line break: leave it to the next record.
    const end = bytes[info.bytes - 1] === 0x0a ? info.bytes - 1 : info.bytes;
    for (; counted < end; counted += 1) if (bytes[counted] === 0x0a) lineFeeds += 1;
    const lines = { lineStart: previousEnd + 1, lineEnd: lineFeeds + 1 };
    previousEnd = lines.lineEnd;
    return {
      id: record.ID || undefined,
      timestamp: record.Timestamp || undefined,
      contents: record.Contents ?? '',
      attachments: record.Attachments ?? '',
      at: `line ${lines.lineStart}`,
      lines,
    };
  });
  return { file, rows };
}

/** `2024-03-12 20:41:10` (no offset: UTC, Discord's convention) or with `+00:00`. */
function readTimestamp(text: string): { time: MessageTime; hasOffset: boolean } | undefined {
  const iso = text.trim().replace(' ', 'T');
  const withOffset = timeFromIsoWithOffset(iso);
  if (withOffset) return { time: withOffset, hasOffset: true };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(iso)) return undefined;
  const parsed = DateTime.fromISO(iso, { zone: 'utc' });
  if (!parsed.isValid) return undefined;
  return {
    time: { instant: parsed.toISO() ?? undefined, precision: iso.includes('.') ? 'ms' : 'second' },
    hasOffset: false,
  };
}

function toAttachments(field: string): Attachment[] {
  return field
    .split(/\s+/)
    .filter((url) => url !== '')
    .map((url): Attachment => {
      let name = posix.basename(url.split('?')[0] ?? url);
      try {
        name = decodeURIComponent(name);
      } catch {}
      return { name, kind: kindFromName(name), isMissing: true };
    });
}

interface Account {
  readonly name: string;
  readonly id?: string;
}

async function parseChannel(
  source: ExportSource,
  channel: ChannelFiles,
  account: Account,
  labels: JsonRecord,
): Promise<ParsedConversation> {
  const info = await readOptionalJson(source, channel.channelJson);
  const meta = isRecord(info) ? info : {};
  const { file, rows } = await readRows(source, channel);
  const check = new SnowflakeCheck();
  let withoutOffset = 0;
  const drafts = rows.map((row): DraftMessage => {
    const read = row.timestamp ? readTimestamp(row.timestamp) : undefined;
    if (!read) throw malformed(source, file, `message ${row.at} has no readable "Timestamp"`);
    if (!read.hasOffset) withoutOffset += 1;
    check.add(row.id, epochMs(read.time));
    const attachments = toAttachments(row.attachments);
    return {
      sender: account.name,
      ...(account.id ? { senderId: account.id } : {}),
      time: read.time,
      text: row.contents,
      attachments,
      flags: {},
      source: { file, ...(row.lines ?? { jsonPath: row.at }) },
      ...(row.id ? { id: row.id } : {}),
    };
  });
  const messages = sequenceMessages(
    drafts,
    (d) => snowflakeKey(d.id) ?? BigInt(epochMs(d.time) ?? 0),
  );

  const inferences: Inference[] = [];
  if (withoutOffset > 0) {
    inferences.push(
      inferred(
        'time-zone',
        { code: 'discordPackage.utc.decision', params: { count: withoutOffset } },
        {
          code: check.agrees
            ? 'discordPackage.utc.reasonConfirmed'
            : 'discordPackage.utc.reasonUnconfirmed',
        },
      ),
    );
  }
  const mismatch = check.inference();
  if (mismatch) inferences.push(mismatch);

  const recipients = asArray(meta.recipients)
    .map(asId)
    .filter((r): r is string => r !== undefined);
  const participants: Participant[] = [
    { name: account.name, ...(account.id ? { id: account.id } : {}), isExporter: true },
    ...recipients.filter((r) => r !== account.id).map((id) => ({ name: id, id })),
  ];
  const guild = isRecord(meta.guild) ? meta.guild : undefined;
  const label = asString(labels[channel.id]);
  const name = asString(meta.name);
  const title =
    label ??
    (name && guild ? `${asString(guild.name) ?? '?'} / ${name}` : name) ??
    `Discord channel ${channel.id}`;
  const type = asString(meta.type) ?? asId(meta.type);
  return buildConversation(
    {
      format: 'discord-package',
      title,
      participants,
      metadata: {
        variant: channel.messagesJson ? 'data-package-json' : 'data-package-csv',
        channelId: channel.id,
        channelFolder: channel.dir,
        ...(type ? { channelType: type } : {}),
        ...(guild && asString(guild.name) ? { guildName: asString(guild.name)! } : {}),
      },
      inferences,
      notes: [ownMessagesOnlyNote, { code: 'discordPackage.note.attachmentLinks' }],
      unreferencedFiles: [],
    },
    messages,
  );
}

async function readAccount(source: ExportSource, root: string): Promise<Account> {
  const path = findEntry(source, `${root}account/user.json`);
  const user = path ? await readOptionalJson(source, path) : undefined;
  if (!isRecord(user)) return { name: 'account holder' };
  const username = asString(user.username);
  const discriminator = asString(user.discriminator);
  const name = username
    ? discriminator && discriminator !== '0' && discriminator !== '0000'
      ? `${username}#${discriminator}`
      : username
    : 'account holder';
  const id = asId(user.id);
  return { name, ...(id ? { id } : {}) };
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const discordPackageParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const channels = findChannels(source);
    if (channels.length === 0) {
      throw malformed(
        source,
        source.origin,
        'no messages/c<id>/messages.json or messages.csv was found',
      );
    }
    const root = channels[0]!.root;
    const account = await readAccount(source, root);
    const indexPath = findEntry(
      source,
      `${root}${channels[0]!.dir.slice(root.length).split('/')[0]}/index.json`,
    );
    const index = await readOptionalJson(source, indexPath);
    const labels = isRecord(index) ? index : {};
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    for (const channel of channels) {
      const label = asString(labels[channel.id]);
      available.push(label ?? channel.id);
      if (!isThreadSelected(options.threads, [label, channel.id, channel.dir])) continue;
      conversations.push(await parseChannel(source, channel, account, labels));
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  },
};
