import type {
  Attachment,
  AttachmentKind,
  ChatMessage,
  MessageTime,
} from '../../../model/conversation.js';
import { isReadableEpochMs, timeFromEpochMs } from '../../time.js';
import { formatMmsPartRef, MMS_DATA_ATTRIBUTE } from './mms-data.js';
import { splitAddresses } from './phone.js';
import type { Attributes, SmsRecord } from './reader.js';

/** How the phone owner appears as sender: the backup never names them. */

/** `sms@type` and `mms@msg_box` values (SyncTech documentation). */
const SMS_TYPES: Readonly<Record<string, string>> = {
  '1': 'received',
  '2': 'sent',
  '3': 'draft',
  '4': 'outbox',
  '5': 'failed',
  '6': 'queued',
};
const MMS_BOXES: Readonly<Record<string, string>> = {
  '1': 'received',
  '2': 'sent',
  '3': 'draft',
  '4': 'outbox',
};
const MMS_FROM = '137';
const MAX_RAW = 4000;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'text/x-vcard': 'vcf',
  'text/vcard': 'vcf',
  'application/pdf': 'pdf',
};

/** A value of the backup, with the literal "null" the app writes for absent values removed. */
export function attributeValue(attributes: Attributes, name: string): string | undefined {
  const value = attributes[name];
  return value === undefined || value === 'null' ? undefined : value;
}

/** `date` is UTC epoch milliseconds; a value too small to be milliseconds is taken as seconds. */
export function recordMillis(record: SmsRecord): number | undefined {
  const date = Number(attributeValue(record.attributes, 'date'));
  if (!Number.isFinite(date) || date <= 0) return undefined;
  const millis = date < 1e11 ? date * 1000 : date;
  return isReadableEpochMs(millis) ? millis : undefined;
}

/** The message's time; a `date` that is no time (NaN, 23 digits) is kept as written, unreadable. */
export function recordTime(record: SmsRecord): MessageTime {
  const raw = attributeValue(record.attributes, 'date');
  const millis = recordMillis(record);
  if (raw === undefined) return { precision: 'ms' };
  if (millis === undefined) return timeFromEpochMs(Number.NaN, 'ms', raw);
  return timeFromEpochMs(millis, Number(raw) < 1e11 ? 'second' : 'ms');
}

/** sent, received, draft…: from `sms@type` or `mms@msg_box`. */
export function recordBox(record: SmsRecord): string {
  const value =
    record.kind === 'sms'
      ? attributeValue(record.attributes, 'type')
      : attributeValue(record.attributes, 'msg_box');
  const boxes = record.kind === 'sms' ? SMS_TYPES : MMS_BOXES;
  return (value && boxes[value]) ?? `type ${value ?? 'missing'}`;
}

/** The correspondent addresses of a record (several for a group MMS). */
export function recordAddresses(record: SmsRecord): string[] {
  const listed = splitAddresses(record.attributes.address);
  if (listed.length > 0 || record.kind === 'sms') return listed;
  return record.addrs
    .map((addr) => attributeValue(addr, 'address'))
    .filter((address): address is string => !!address && address !== 'insert-address-token');
}

function kindOf(mime: string): AttachmentKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('application/') || mime.startsWith('text/')) return 'document';
  return 'other';
}

function extensionOf(mime: string, part: Attributes): string {
  const known = EXTENSIONS[mime];
  if (known) return known;
  const named = attributeValue(part, 'cl') ?? attributeValue(part, 'name') ?? '';
  return /\.([A-Za-z0-9]{1,5})$/.exec(named)?.[1]?.toLowerCase() ?? 'bin';
}

function mmsAttachments(record: SmsRecord, entryPath: string, millis: number | undefined) {
  const attachments: Attachment[] = [];
  const texts: string[] = [];
  for (const part of record.parts) {
    const mime = (attributeValue(part, 'ct') ?? 'application/octet-stream').toLowerCase();
    if (mime === 'application/smil') continue;
    const data = attributeValue(part, MMS_DATA_ATTRIBUTE);
    const text = attributeValue(part, 'text');
    if (mime === 'text/plain' && !data) {
      if (text) texts.push(text);
      continue;
    }
    const name = `mms-${millis ?? 'undated'}-${attachments.length + 1}.${extensionOf(mime, part)}`;
    const [offset, size] = (data ?? '').split(':').map(Number);
    attachments.push(
      data && offset !== undefined && size !== undefined
        ? {
            name,
            kind: kindOf(mime),
            mime,
            size,
            embedded: { entryPath, ref: formatMmsPartRef({ offset, size }) },
          }
        : { name, kind: kindOf(mime), mime, isMissing: true },
    );
  }
  return { attachments, texts };
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/\n/g, '&#10;');
}

function serialize(name: string, attributes: Attributes): string {
  const list = Object.entries(attributes).map(
    ([key, value]) => `${key}="${escapeAttribute(value)}"`,
  );
  return `<${name} ${list.join(' ')}/>`;
}

/** The record re-serialised for the reviewer (MMS data replaced by its reference), capped. */
function rawOf(record: SmsRecord): string {
  const lines = [serialize(record.kind, record.attributes)];
  for (const part of record.parts) lines.push(`  ${serialize('part', part)}`);
  for (const addr of record.addrs) lines.push(`  ${serialize('addr', addr)}`);
  const raw = lines.join('\n');
  return raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}…` : raw;
}

export interface Correspondents {
  /** Display name of the correspondent, for messages they sent. */
  nameFor(address: string): string;
  /** The name given to the phone's owner ("Phone owner", "Propriétaire du téléphone"). */
  readonly ownerName: string;
}

/** One record of the backup as a message of its conversation. */
export function toChatMessage(
  record: SmsRecord,
  seq: number,
  entryPath: string,
  correspondents: Correspondents,
): ChatMessage {
  const box = recordBox(record);
  const isReceived = box === 'received';
  const millis = recordMillis(record);
  let text: string;
  let attachments: Attachment[] = [];
  let from: string | undefined;
  if (record.kind === 'sms') {
    text = attributeValue(record.attributes, 'body') ?? '';
    from = recordAddresses(record)[0];
  } else {
    const parts = mmsAttachments(record, entryPath, millis);
    attachments = parts.attachments;
    const subject = attributeValue(record.attributes, 'sub');
    text = [subject ? `Subject: ${subject}` : undefined, ...parts.texts]
      .filter((line) => line !== undefined)
      .join('\n');
    from =
      attributeValue(record.addrs.find((addr) => addr.type === MMS_FROM) ?? {}, 'address') ??
      recordAddresses(record)[0];
  }
  const sender = isReceived && from ? correspondents.nameFor(from) : correspondents.ownerName;
  return {
    seq,
    sender,
    ...(isReceived && from ? { senderId: from } : {}),
    time: recordTime(record),
    text,
    attachments,
    flags: text === '' && attachments.length === 0 ? { isContentMissing: true } : {},
    source: {
      file: entryPath,
      lineStart: record.lineStart,
      lineEnd: record.lineEnd,
      raw: rawOf(record),
    },
  };
}
