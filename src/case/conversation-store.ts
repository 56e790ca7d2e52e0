import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatMessage, ConversationHeader } from '../chats/model.js';
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

/** Streams the messages of a conversation exhibit (derived/P<n>/messages.jsonl), one at a time. */
export async function* readStoredMessages(
  caseDir: string,
  exhibit: Exhibit,
): AsyncIterable<ChatMessage> {
  const summary = requireConversation(exhibit);
  const lines = createInterface({
    input: createReadStream(join(caseDir, summary.messagesPath), 'utf8'),
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
        `${summary.messagesPath} line ${lineNumber} is damaged (${(error as Error).message}). The original is intact in evidence/.`,
        { cause: error },
      );
    }
  }
}

function requireConversation(exhibit: Exhibit): NonNullable<Exhibit['conversation']> {
  if (!exhibit.conversation) {
    throw new EvidenceError(`${formatExhibitId(exhibit.number)} is not a conversation.`);
  }
  return exhibit.conversation;
}
