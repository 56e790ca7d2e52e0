import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChatMessage, ConversationHeader } from '../model/conversation.js';
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
        {
          code: 'error.case.conversationStore.lineDamagedOriginal',
          params: {
            messagesPath: summary.messagesPath,
            lineNumber,
            value: (error as Error).message,
          },
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
