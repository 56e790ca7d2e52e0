import type { ExportSource } from '../chats/export-source.js';
import type { ChatFormat } from '../chats/format.js';
import type { ParsedConversation } from '../model/conversation.js';

// On its own so that recognising (recognise-chats), gating (media-gate) and taking in
// (ingest-conversation) share it without importing each other in a circle.
/** A chat export recognised by content, ready to be taken in. */
export interface ConversationInput {
  /** What the user gave: the .txt/.json/.zip file or the folder. */
  readonly path: string;
  readonly source: ExportSource;
  readonly format: ChatFormat;
  readonly conversations: readonly ParsedConversation[];
}
