import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatMessage, ConversationHeader } from './conversation.js';
import { EvidenceError } from './errors.js';
import type { Exhibit } from './exhibit.js';
import { formatExhibitId } from './exhibit.js';

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
      {
        code: 'error.case.conversationStore.parsedConversationRead',
        params: {
          formatExhibitId: formatExhibitId(exhibit.number),
          headerPath: summary.headerPath,
          value: (error as Error).message,
        },
      },
      { cause: error },
    );
  }
}

/** Reads messages again from a chat file's evidence copy (chats/replay-stored.ts), given by the caller. */
export type ReplayMessages = (caseDir: string, messagesPath: string) => AsyncIterable<ChatMessage>;

/**
 * Streams the messages of a conversation exhibit, one at a time, whatever way they are stored:
 * read again from the chat file's evidence copy (derived/P<n>/messages.json), or one message per
 * line (derived/P<n>/messages.jsonl: other formats, and cases made before messages.json).
 */
export async function* readStoredMessages(
  caseDir: string,
  exhibit: Exhibit,
  replay: ReplayMessages,
): AsyncIterable<ChatMessage> {
  const summary = requireConversation(exhibit);
  if (summary.messagesPath.endsWith('.jsonl')) {
    yield* readMessageLines(caseDir, summary.messagesPath);
    return;
  }
  yield* replay(caseDir, summary.messagesPath);
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
        {
          code: 'error.case.conversationStore.lineDamagedOriginal',
          params: { messagesPath, lineNumber, value: (error as Error).message },
        },
        { cause: error },
      );
    }
  }
}

function requireConversation(exhibit: Exhibit): NonNullable<Exhibit['conversation']> {
  if (!exhibit.conversation) {
    throw new EvidenceError({
      code: 'error.case.conversationStore.conversation',
      params: { formatExhibitId: formatExhibitId(exhibit.number) },
    });
  }
  return exhibit.conversation;
}
