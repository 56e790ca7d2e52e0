import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AddressObject, ParsedMail } from 'mailparser';
import type {
  Attachment,
  AttachmentKind,
  ChatMessage,
  ConversationHeader,
  Inference,
  MessageTime,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import { EvidenceError } from '../../../model/errors.js';
import { type Message, type MessageLanguage, renderMessage } from '../../../model/messages.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import { HEAD_BYTES, MAX_DETECT_ENTRIES, type Shape, shapeOf } from './detect.js';
import { rfc2822Instant, traceMetadata, unfold } from './headers.js';

/**
 * E-mail saved as `.eml` (RFC 5322 + MIME), parsed with mailparser: one message, one conversation
 * per file. The HTML body is turned into text (html-to-text) and never rendered: nothing is fetched.
 * Attachments live inside the `.eml`, so they are hashed here; `openEmbedded` gives their bytes.
 */

const MAX_RAW = 16_000;
const MAX_LINKS = 100;
/** The HTML body as text, kept in the metadata when the e-mail also has a text body. */
const MAX_HTML_TEXT = 100_000;

export const FORGEABLE_NOTE: Message = { code: 'email.note.forgeable' };

function notAnEmail(path: string, shape: Shape): EvidenceError {
  const save =
    "Save the message itself as .eml (Gmail: ⋮ › Download message; Outlook or Thunderbird: 'Save as'), " +
    'and add that file.';
  const why: Record<Shape, string> = {
    email: '',
    'outlook-msg': 'is an Outlook .msg file, not an .eml e-mail',
    utf16: 'is UTF-16 text, so it was re-saved by another program and is not the raw e-mail',
    mbox: 'is a mailbox (mbox) holding several e-mails, which is not supported',
    other: 'is not an e-mail: it does not start with e-mail headers (From:, Date:, Received:…)',
  };
  return new EvidenceError({
    code: 'error.chats.formats.email.failed',
    params: { path, why: why[shape], save },
  });
}

function addresses(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list
    .flatMap((object) => object.value)
    .filter((address) => address.address || address.name);
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | undefined {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.length > 0 ? list.map((object) => object.text).join(', ') : undefined;
}

function kindOf(mime: string): AttachmentKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('application/') || mime.startsWith('text/')) return 'document';
  return 'other';
}

async function htmlToText(html: string): Promise<string> {
  // Loaded here, not at the top: every add detects formats, and only an HTML e-mail needs it.
  const { convert } = await import('html-to-text');
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

function linksOf(html: string | false | undefined): string[] {
  if (!html) return [];
  const found = [...html.matchAll(/href\s*=\s*["']?((?:https?|mailto):[^"'\s>]+)/gi)].map(
    (m) => m[1]!,
  );
  return [...new Set(found)].slice(0, MAX_LINKS);
}

async function parseMail(raw: Buffer): Promise<ParsedMail> {
  // Loaded here, not at the top: every add detects formats, and only an e-mail needs mailparser
  // (about 0.3 s to load).
  const { simpleParser } = await import('mailparser');
  return simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  });
}

function headerBlock(raw: Buffer): { text: string; lines: number } {
  const text = raw.subarray(0, Math.min(raw.length, MAX_RAW * 4)).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  return {
    text: block.length > MAX_RAW ? `${block.slice(0, MAX_RAW)}…` : block,
    lines: block.split(/\r?\n/).length,
  };
}

/** When the e-mail says it was sent (Date:), or else when the recipient's server stamped it. */
function timeOf(
  mail: ParsedMail,
  metadata: Record<string, string>,
): {
  time: MessageTime;
  from: ConversationHeader['timesSource'];
  inferences: Inference[];
} {
  const dateLine = mail.headerLines.find((h) => h.key === 'date');
  const instant = dateLine ? rfc2822Instant(unfold(dateLine.line)) : undefined;
  const inferences: Inference[] = [];
  if (instant) {
    return {
      time: { instant, precision: 'second' } as MessageTime,
      from: 'email-date',
      inferences,
    };
  }
  const received = metadata['received.1.at'];
  const missing: Message = dateLine
    ? { code: 'email.date.noZone', params: { header: unfold(dateLine.line) } }
    : { code: 'email.date.noHeader' };
  if (received) {
    inferences.push(inferred('other', { code: 'email.date.receivedLine' }, missing));
    return {
      time: { instant: received, precision: 'second' } as MessageTime,
      from: 'email-received',
      inferences,
    };
  }
  inferences.push(inferred('other', { code: 'email.date.none' }, missing));
  return { time: { precision: 'second' } as MessageTime, from: undefined, inferences };
}

async function conversationOf(
  source: ExportSource,
  path: string,
  unreferencedFiles: string[],
  language: MessageLanguage,
): Promise<ParsedConversation> {
  const raw = await source.read(path);
  const shape = shapeOf(raw.subarray(0, HEAD_BYTES));
  if (shape !== 'email') throw notAnEmail(path, shape);
  let mail: ParsedMail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    throw new EvidenceError(
      {
        code: 'error.chats.formats.email.readEMail',
        params: { path, instanceof: error instanceof Error ? error.message : error },
      },
      { cause: error },
    );
  }
  const metadata: Record<string, string> = { file: path, ...traceMetadata(mail.headerLines) };
  const header = (key: string) => {
    const line = mail.headerLines.find((h) => h.key === key);
    return line ? unfold(line.line) : undefined;
  };
  const fields: Record<string, string | undefined> = {
    from: addressText(mail.from),
    to: addressText(mail.to),
    cc: addressText(mail.cc),
    replyTo: addressText(mail.replyTo),
    returnPath: header('return-path'),
    subject: mail.subject,
    date: header('date'),
    messageId: mail.messageId,
  };
  for (const [key, value] of Object.entries(fields)) if (value) metadata[key] = value;

  const hasText = typeof mail.text === 'string' && mail.text.trim() !== '';
  const htmlText = mail.html ? await htmlToText(mail.html) : undefined;
  metadata.bodies =
    [hasText ? 'text' : undefined, mail.html ? 'html (shown as text, not rendered)' : undefined]
      .filter(Boolean)
      .join(', ') || 'none';
  if (hasText && htmlText !== undefined) metadata.htmlAsText = htmlText.slice(0, MAX_HTML_TEXT);

  const attachments: Attachment[] = mail.attachments.map((file, index) => ({
    name: file.filename ?? `attachment-${index + 1}`,
    kind: kindOf(file.contentType),
    mime: file.contentType,
    size: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    embedded: { entryPath: path, ref: `attachment:${index}` },
  }));
  metadata.attachments = String(attachments.length);

  const { time, from: timesSource, inferences } = timeOf(mail, metadata);
  const from = addresses(mail.from)[0];
  const text = (hasText ? mail.text! : (htmlText ?? '')).replace(/\r\n/g, '\n').trimEnd();
  const links = linksOf(mail.html);
  const block = headerBlock(raw);
  const message: ChatMessage = {
    seq: 0,
    ...(from ? { sender: from.name || from.address || '', senderId: from.address } : {}),
    time,
    text,
    attachments,
    flags: text === '' && attachments.length === 0 ? { isContentMissing: true } : {},
    source: { file: path, lineStart: 1, lineEnd: block.lines, raw: block.text },
    ...(mail.messageId ? { id: mail.messageId } : {}),
    ...(links.length > 0 ? { links } : {}),
  };

  const participants = new Map<string, Participant>();
  for (const address of [...addresses(mail.from), ...addresses(mail.to), ...addresses(mail.cc)]) {
    const id = address.address?.toLowerCase();
    const key = id ?? address.name;
    if (!participants.has(key)) {
      participants.set(key, { name: address.name || address.address || '', ...(id ? { id } : {}) });
    }
  }
  const notes: Message[] = [FORGEABLE_NOTE];
  if (!metadata['authenticationResults.1']) notes.push({ code: 'email.note.noAuthentication' });
  if (mail.html) notes.push({ code: 'email.note.html' });
  return {
    header: {
      format: 'email',
      title: mail.subject?.trim() || renderMessage(language, { code: 'email.noSubject' }),
      participants: [...participants.values()],
      messageCount: 1,
      ...(time.instant && timesSource
        ? { firstMessageAt: time, lastMessageAt: time, timesSource }
        : {}),
      metadata,
      inferences,
      notes,
      unreferencedFiles,
    },
    async *messages() {
      yield message;
    },
  };
}

async function emailEntries(source: ExportSource): Promise<string[]> {
  const found = source.entries
    .filter((entry) => entry.size > 0 && /\.eml$/i.test(entry.path))
    .map((entry) => entry.path);
  // Files without the .eml name count when they start like an e-mail (small exports only).
  const others = source.entries.filter((entry) => entry.size > 0 && !/\.eml$/i.test(entry.path));
  for (const entry of others.length <= MAX_DETECT_ENTRIES ? others : []) {
    if (shapeOf(await source.read(entry.path, HEAD_BYTES)) === 'email') found.push(entry.path);
  }
  if (found.length > 0) return found;
  if (source.entries.length === 1) return [source.entries[0]!.path];
  throw new EvidenceError({
    code: 'error.chats.formats.email.holdsEMail',
    params: { origin: source.origin },
  });
}

function isWanted(conversation: ParsedConversation, threads?: readonly string[]): boolean {
  if (!threads || threads.length === 0) return true;
  const { metadata, title } = conversation.header;
  const file = metadata.file ?? '';
  const names = [file, file.split('/').pop() ?? '', title, metadata.messageId ?? ''];
  return threads.some((wanted) =>
    names.some((name) => name.toLowerCase() === wanted.trim().toLowerCase()),
  );
}

/**
 * Streams one attachment of an `.eml`, given `Attachment.embedded.ref` (`attachment:<index>`, the
 * index in mailparser's attachment list). The e-mail is parsed again; it is read whole anyway.
 */
export async function extractEmailAttachment(
  source: ExportSource,
  entryPath: string,
  ref: string,
): Promise<Readable> {
  const index = /^attachment:(\d+)$/.exec(ref)?.[1];
  const mail = index === undefined ? undefined : await parseMail(await source.read(entryPath));
  const file = mail?.attachments[Number(index)];
  if (!file) {
    throw new EvidenceError({
      code: 'error.chats.formats.email.attachmentEMail',
      params: { entryPath, ref },
    });
  }
  return Readable.from([file.content]);
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const emailParser: ChatFormatParser = {
  async parse(source, options: ParseOptions) {
    const conversations: ParsedConversation[] = [];
    const paths = await emailEntries(source);
    const unreferencedFiles = source.entries
      .map((entry) => entry.path)
      .filter((path) => !paths.includes(path));
    for (const path of paths) {
      const conversation = await conversationOf(
        source,
        path,
        unreferencedFiles,
        options.language ?? 'en',
      );
      if (isWanted(conversation, options.threads)) conversations.push(conversation);
    }
    return conversations;
  },

  openEmbedded(source, embedded) {
    return extractEmailAttachment(source, embedded.entryPath, embedded.ref);
  },
};
