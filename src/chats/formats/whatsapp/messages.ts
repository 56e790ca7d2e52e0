import type {
  Attachment,
  ChatMessage,
  MessageFlags,
  MessageTime,
} from '../../../model/conversation.js';
import type { DateOrder } from '../../date-order-error.js';
import type { ExportSource } from '../../export-source.js';
import { detach, MAX_LINE_CHARS, readTextLines, type TextLine } from '../../text-lines.js';
import type { WallClockConverter } from '../../time.js';
import { guessAttachmentKind, readBodyOpening } from './body.js';
import { parseHeader, stripLeadingMarks, type WhatsAppHeader } from './header.js';
import { phoneNumberOf, readRest } from './rest.js';
import { datePartsOf } from './scan.js';
import { EDITED, findPhrase } from './vocabulary.js';

/** What the second pass needs, decided from the first. */
export interface MessagePlan {
  readonly chatFile: string;
  /** Header styles accepted as message starts, with their date order. */
  readonly orders: ReadonlyMap<string, DateOrder>;
  /** Names that write at least one line that can only be a message. */
  readonly knownAuthors: ReadonlySet<string>;
  readonly converter: WallClockConverter;
  /** Export path of an attachment file, when the export holds it. */
  resolveAttachment(fileName: string): string | undefined;
}

/** Caps so that one enormous message cannot exhaust memory (the original file keeps it all). */
const MAX_TEXT_CHARS = MAX_LINE_CHARS;
const MAX_RAW_CHARS = 64_000;

interface PendingMessage {
  readonly seq: number;
  readonly header: WhatsAppHeader;
  readonly lineStart: number;
  lineEnd: number;
  readonly bodyLines: string[];
  readonly rawLines: string[];
  textChars: number;
  rawChars: number;
  droppedChars: number;
}

/**
 * Second pass: streams the chat file and yields one message per accepted header. With
 * `onlyAttachments`, yields only the messages with an attachment (the same objects), building
 * none of those whose first line cannot hold one.
 */
export async function* readMessages(
  source: ExportSource,
  plan: MessagePlan,
  onlyAttachments = false,
): AsyncGenerator<ChatMessage> {
  let pending: PendingMessage | undefined;
  let seq = 0;
  for await (const line of readTextLines(await source.open(plan.chatFile))) {
    const header = parseHeader(line.text);
    if (header && plan.orders.has(header.style)) {
      if (pending) {
        const message = buildMessage(pending, plan);
        if (!onlyAttachments || message.attachments.length > 0) yield message;
      }
      const messageSeq = seq;
      seq += 1;
      if (onlyAttachments && !mayHoldAttachment(header.rest)) {
        pending = undefined;
        continue;
      }
      pending = {
        seq: messageSeq,
        header,
        lineStart: line.lineNumber,
        lineEnd: line.lineNumber,
        bodyLines: [],
        rawLines: [line.text],
        textChars: header.rest.length,
        rawChars: line.text.length,
        droppedChars: line.droppedChars,
      };
    } else if (pending) {
      appendLine(pending, line);
    }
  }
  if (pending) {
    const message = buildMessage(pending, plan);
    if (!onlyAttachments || message.attachments.length > 0) yield message;
  }
}

/**
 * False when a header line's rest cannot open with an attachment: every form has a `)` (`… (file
 * attached)`), a `:` after a `<` (`<attached: …>`) or `<attached>`.
 */
function mayHoldAttachment(rest: string): boolean {
  if (rest.includes(')')) return true;
  const open = rest.indexOf('<');
  return open >= 0 && (rest.indexOf(':', open) > 0 || /<attached>/i.test(rest));
}

function appendLine(pending: PendingMessage, line: TextLine): void {
  pending.lineEnd = line.lineNumber;
  pending.droppedChars += line.droppedChars;
  if (pending.rawChars < MAX_RAW_CHARS) {
    pending.rawLines.push(line.text);
    pending.rawChars += line.text.length + 1;
  }
  if (pending.textChars + line.text.length > MAX_TEXT_CHARS) {
    pending.droppedChars += line.text.length + 1;
    return;
  }
  pending.bodyLines.push(line.text);
  pending.textChars += line.text.length + 1;
}

function buildMessage(pending: PendingMessage, plan: MessagePlan): ChatMessage {
  const { header, seq } = pending;
  const raw = pending.rawLines.join('\n');
  const source = {
    file: plan.chatFile,
    lineStart: pending.lineStart,
    lineEnd: pending.lineEnd,
    raw: raw.length > MAX_RAW_CHARS ? `${raw.slice(0, MAX_RAW_CHARS)}…` : raw,
  };
  const time = timeOf(header, plan);
  const dropped =
    pending.droppedChars > 0
      ? [
          `[… ${pending.droppedChars} more characters in the original export, lines up to ${pending.lineEnd}]`,
        ]
      : [];

  const reading = readRest(header.rest);
  const isMessage =
    reading.kind === 'message' ||
    (reading.kind === 'system-or-message' && plan.knownAuthors.has(reading.author));
  if (!isMessage) {
    const text = reading.kind === 'system' ? reading.text : stripLeadingMarks(header.rest);
    return {
      seq,
      time,
      text: [text, ...pending.bodyLines, ...dropped].join('\n'),
      attachments: [],
      flags: { isSystem: true },
      source,
    };
  }
  const { author, body } = reading as { author: string; body: string };
  const content = readContent(body, pending.bodyLines, plan);
  const senderId = phoneNumberOf(author);
  return {
    seq,
    sender: author,
    ...(senderId === undefined ? {} : { senderId }),
    time,
    text: [content.text, ...dropped].filter((part) => part !== '').join('\n'),
    attachments: content.attachments,
    flags: content.flags,
    source,
  };
}

function readContent(
  body: string,
  moreLines: readonly string[],
  plan: MessagePlan,
): { text: string; attachments: Attachment[]; flags: MessageFlags } {
  const opening = readBodyOpening(body);
  const attachments: Attachment[] = [];
  const flags: { -readonly [K in keyof MessageFlags]: MessageFlags[K] } = {};
  let lines: string[];
  switch (opening.kind) {
    case 'attachment': {
      const exportPath = plan.resolveAttachment(opening.fileName);
      attachments.push({
        // Detached: callers keep attachment names in sets, which must not hold the read chunks.
        name: detach(opening.fileName),
        kind: guessAttachmentKind(opening.fileName),
        ...(exportPath === undefined ? { isMissing: true } : { exportPath }),
      });
      lines = opening.caption === '' ? [...moreLines] : [opening.caption, ...moreLines];
      break;
    }
    case 'deleted':
      flags.isDeleted = true;
      lines = [stripLeadingMarks(body), ...moreLines];
      break;
    case 'media-omitted':
      flags.isMediaOmitted = true;
      lines = [stripLeadingMarks(body), ...moreLines];
      break;
    case 'view-once':
      flags.isViewOnce = true;
      flags.isMediaOmitted = true;
      lines = [stripLeadingMarks(body), ...moreLines];
      break;
    case 'empty':
      lines = [...moreLines];
      if (lines.every((line) => line.trim() === '')) flags.isContentMissing = true;
      break;
    case 'text':
      lines = [opening.text, ...moreLines];
      break;
  }
  const last = lines.length - 1;
  const edited =
    last >= 0 && lines[last]!.endsWith('>') ? findPhrase(EDITED, lines[last]!) : undefined;
  if (edited) {
    flags.isEdited = true;
    lines[last] = lines[last]!.replace(edited.pattern, '');
  }
  return { text: lines.join('\n'), attachments, flags };
}

/** The previous header and its time: messages of the same minute share one (read-only) time. */
let lastTimed: { header: WhatsAppHeader; plan: MessagePlan; time: MessageTime } | undefined;

function timeOf(header: WhatsAppHeader, plan: MessagePlan): MessageTime {
  const last = lastTimed;
  if (last && last.plan === plan && isSameTime(last.header, header)) return last.time;
  const time = headerTime(header, plan.orders.get(header.style)!, plan.converter);
  lastTimed = { header, plan, time };
  return time;
}

function isSameTime(a: WhatsAppHeader, b: WhatsAppHeader): boolean {
  return (
    a.minute === b.minute &&
    a.hour === b.hour &&
    a.second === b.second &&
    a.fields[0] === b.fields[0] &&
    a.fields[1] === b.fields[1] &&
    a.fields[2] === b.fields[2] &&
    a.style === b.style
  );
}

/**
 * The time of a header under a date order. A date that does not exist (31/02, 00/00/0000, 25:00)
 * is flagged on its message: no time, and the date as written kept, shown "heure illisible".
 */
export function headerTime(
  header: WhatsAppHeader,
  order: DateOrder,
  converter: WallClockConverter,
): MessageTime {
  const { year, month, day } = datePartsOf(header, order);
  const { hour, minute, second } = header;
  const precision = second === undefined ? 'minute' : 'second';
  return (
    converter.convert({ year, month, day, hour, minute, second }, precision) ?? {
      precision,
      unreadable: writtenDate(header),
    }
  );
}

/** `31/02/2024 10:00` (separator normalised): the date and time as the header gave them. */
function writtenDate(header: WhatsAppHeader): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const date = header.fields
    .map((field, index) => pad(field, header.fieldWidths[index]!))
    .join('/');
  const time = [header.hour, header.minute, ...(header.second === undefined ? [] : [header.second])]
    .map((value) => pad(value, 2))
    .join(':');
  return `${date} ${time}`;
}
