import { readChangeJournal } from '../case/change-journal.js';
import { loadCase } from '../case/store.js';
import { readConversationHeader, readStoredMessages } from '../model/conversation-store.js';

export type { CaseFile } from '../model/case-schema.js';

import type { ChatMessage } from '../model/conversation.js';
import type { Exhibit } from '../model/exhibit.js';

export type { ChatMessage, ConversationHeader } from '../model/conversation.js';

/**
 * Reading a case without changing it (`preuve list`, `show`, `facts`): no lock is taken, so these
 * can run while another command works on the case.
 */
export const readCase = loadCase;
/** The stored header of a conversation exhibit (participants, notes, inferences). */
export const readConversation = readConversationHeader;
/** The stored messages of a conversation exhibit, one at a time. */
export async function* readMessages(caseDir: string, exhibit: Exhibit): AsyncIterable<ChatMessage> {
  // Loaded only when a conversation is read again from its export (list and show stay light).
  const { replayStoredMessages } = await import('../chats/replay-stored.js');
  yield* readStoredMessages(caseDir, exhibit, replayStoredMessages);
}
/** A change an interrupted command left half-saved (finished by the next command or `preuve recover`). */
export const readPendingChange = readChangeJournal;
