import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Attachment, ChatMessage } from '../model/conversation.js';
import { EvidenceError } from '../model/errors.js';
import { attachmentKey } from './attachment-key.js';
import type { ExportSource } from './export-source.js';
import { findChatFormat } from './registry.js';

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
 * Reads a conversation's messages again from its chat file's evidence copy, as its stored plan
 * says (derived/P<n>/messages.json), checking that copy's hash on the way.
 */
export async function* replayStoredMessages(
  caseDir: string,
  messagesPath: string,
): AsyncIterable<ChatMessage> {
  let stored: StoredReplay;
  try {
    stored = JSON.parse(await readFile(join(caseDir, messagesPath), 'utf8')) as StoredReplay;
  } catch (error) {
    throw new EvidenceError(
      {
        code: 'error.chats.replayStored.planUnreadable',
        params: { messagesPath, value: (error as Error).message },
      },
      { cause: error },
    );
  }
  // Only that format's parser is loaded, and only now: `show` stays light.
  const format = await findChatFormat(stored.format)?.load();
  if (!format?.replay) {
    throw new EvidenceError({
      code: 'error.chats.replayStored.formatCannotReplay',
      params: { messagesPath, format: stored.format },
    });
  }
  const copyPath = join(caseDir, stored.storedPath);
  const hash = createHash('sha256');
  const source: ExportSource = {
    origin: stored.storedPath,
    container: 'file',
    entries: [{ path: stored.file, size: 0 }],
    open: async () => Readable.from(hashChunks(createReadStream(copyPath), hash)),
    read: async () => {
      throw new EvidenceError({
        code: 'error.chats.replayStored.onlyStreamed',
        params: { storedPath: stored.storedPath },
      });
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
    throw new EvidenceError({
      code: 'error.chats.replayStored.copyChanged',
      params: { storedPath: stored.storedPath, sha256: stored.sha256 },
    });
  }
}

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
