import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { attachmentKey } from '../chats/attachment-key.js';
import type { ExportSource } from '../chats/export-source.js';
import type { ChatFormat } from '../chats/format.js';
import type { Attachment, ChatMessage, ConversationHeader } from '../chats/model.js';
import { EvidenceError } from '../model/errors.js';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';

/** The parsed header of a conversation exhibit (derived/P<n>/conversation.json). */
export async function readConversationHeader(
  caseDir: string,
  exhibit: Exhibit,
): Promise<ConversationHeader> {
  const summary = requireConversation(exhibit);
  try {
    return JSON.parse(
      await readFile(join(caseDir, summary.headerPath), 'utf8'),
    ) as ConversationHeader;
  } catch (error) {
    throw new EvidenceError(
      `${formatExhibitId(exhibit.number)}: its parsed conversation (${summary.headerPath}) cannot be read (${(error as Error).message}). The original is intact in evidence/; add it again in a new case to rebuild it.`,
      { cause: error },
    );
  }
}

/** What an attachment's message carries once its file is taken in (an {@link ExhibitFile}'s fields). */
export interface AttachmentLink {
  readonly sha256: string;
  readonly size: number;
  readonly storedPath?: string;
  readonly isExcluded?: boolean;
}

/**
 * How a conversation's messages are stored when its format can read them again from the chat
 * file (WhatsApp): the evidence copy of that file and the plan, not a copy of every message
 * (`derived/P<n>/messages.json`, a few kilobytes where messages.jsonl was 4.5 times the export).
 */
export interface StoredReplay {
  readonly replay: 1;
  readonly format: string;
  /** The export entry the messages are read from. */
  readonly file: string;
  /** Its evidence copy, relative to the case folder, and that copy's hash, checked on every read. */
  readonly storedPath: string;
  readonly sha256: string;
  readonly plan: unknown;
  /** The taken-in files of the messages' attachments, by attachment key. */
  readonly links: Readonly<Record<string, AttachmentLink>>;
}

/**
 * Streams the messages of a conversation exhibit, one at a time, whatever way they are stored:
 * read again from the chat file's evidence copy (derived/P<n>/messages.json), or one message per
 * line (derived/P<n>/messages.jsonl: other formats, and cases made before messages.json).
 */
export async function* readStoredMessages(
  caseDir: string,
  exhibit: Exhibit,
): AsyncIterable<ChatMessage> {
  const summary = requireConversation(exhibit);
  if (summary.messagesPath.endsWith('.jsonl')) {
    yield* readMessageLines(caseDir, summary.messagesPath);
    return;
  }
  yield* replayStoredMessages(caseDir, summary.messagesPath);
}

async function* readMessageLines(
  caseDir: string,
  messagesPath: string,
): AsyncIterable<ChatMessage> {
  const lines = createInterface({
    input: createReadStream(join(caseDir, messagesPath), 'utf8'),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line === '') continue;
    try {
      yield JSON.parse(line) as ChatMessage;
    } catch (error) {
      throw new EvidenceError(
        `${messagesPath} line ${lineNumber} is damaged (${(error as Error).message}). The original is intact in evidence/.`,
        { cause: error },
      );
    }
  }
}

async function* replayStoredMessages(
  caseDir: string,
  messagesPath: string,
): AsyncIterable<ChatMessage> {
  let stored: StoredReplay;
  try {
    stored = JSON.parse(await readFile(join(caseDir, messagesPath), 'utf8')) as StoredReplay;
  } catch (error) {
    throw new EvidenceError(
      `${messagesPath} cannot be read (${(error as Error).message}). The original is intact in evidence/; add it again in a new case to rebuild it.`,
      { cause: error },
    );
  }
  // Loaded here, not at start-up, and only the format needed: `show` stays light.
  const load = REPLAYABLE_FORMATS[stored.format];
  const format = load ? await load() : undefined;
  if (!format?.replay) {
    throw new EvidenceError(
      `${messagesPath}: the format '${stored.format}' cannot read its messages again. Use the version of preuve that made this case.`,
    );
  }
  const copyPath = join(caseDir, stored.storedPath);
  const hash = createHash('sha256');
  const source: ExportSource = {
    origin: stored.storedPath,
    container: 'file',
    entries: [{ path: stored.file, size: 0 }],
    open: async () => Readable.from(hashChunks(createReadStream(copyPath), hash)),
    read: async () => {
      throw new EvidenceError(`${stored.storedPath}: only streamed when messages are read again.`);
    },
    close: async () => {},
  };
  const links = new Map(Object.entries(stored.links ?? {}));
  for await (const message of format.replay(source, stored.plan)) {
    yield linkAttachments(message, links);
  }
  // The messages come from the copy: a copy changed since it was added would give other ones.
  const sha256 = hash.digest('hex');
  if (sha256 !== stored.sha256) {
    throw new EvidenceError(
      `${stored.storedPath} no longer has the hash it was added with (${stored.sha256}); its messages cannot be trusted. Run "preuve check" and restore the case from a backup.`,
    );
  }
}

/** The formats whose messages are stored as a {@link StoredReplay} (ChatFormat.replay). */
const REPLAYABLE_FORMATS: Readonly<Record<string, (() => Promise<ChatFormat>) | undefined>> = {
  whatsapp: async () => (await import('../chats/formats/whatsapp.js')).whatsappFormat,
};

async function* hashChunks(
  stream: AsyncIterable<Buffer>,
  hash: ReturnType<typeof createHash>,
): AsyncIterable<Buffer> {
  for await (const chunk of stream) {
    hash.update(chunk);
    yield chunk;
  }
}

/** A message with each attachment's taken-in file (hash, size, copy) filled in. */
export function linkAttachments(
  message: ChatMessage,
  links: ReadonlyMap<string, AttachmentLink>,
): ChatMessage {
  if (message.attachments.length === 0) return message;
  const attachments: Attachment[] = message.attachments.map((attachment) => {
    const file = links.get(attachmentKey(attachment));
    if (!file) return attachment;
    return {
      ...attachment,
      sha256: file.sha256,
      size: file.size,
      ...(file.storedPath ? { storedPath: file.storedPath } : {}),
      ...(file.isExcluded ? { isExcluded: true } : {}),
    };
  });
  return { ...message, attachments };
}

function requireConversation(exhibit: Exhibit): NonNullable<Exhibit['conversation']> {
  if (!exhibit.conversation) {
    throw new EvidenceError(`${formatExhibitId(exhibit.number)} is not a conversation.`);
  }
  return exhibit.conversation;
}
