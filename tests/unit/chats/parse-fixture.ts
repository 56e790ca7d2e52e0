import { join } from 'node:path';
import type { ParseOptions } from '../../../src/chats/format.js';
import { whatsappDescriptor } from '../../../src/chats/formats/whatsapp/descriptor.js';
import { openExportSource } from '../../../src/chats/sources/open-export-source.js';
import type { ChatMessage, ConversationHeader } from '../../../src/model/conversation.js';

const whatsappFormat = await whatsappDescriptor.load();

export const FIXTURES = join(import.meta.dirname, '../../fixtures/whatsapp');

export interface ParsedFixture {
  readonly header: ConversationHeader;
  readonly messages: ChatMessage[];
}

/** Opens a fixture (file, folder or zip) as the CLI would and parses it as WhatsApp, in Paris time. */
export async function parseWhatsAppExport(
  path: string,
  options: Partial<ParseOptions> = {},
): Promise<ParsedFixture> {
  const source = await openExportSource(path.startsWith('/') ? path : join(FIXTURES, path));
  try {
    const [conversation, ...others] = await whatsappFormat.parse(source, {
      timeZone: 'Europe/Paris',
      ...options,
    });
    if (!conversation || others.length > 0) throw new Error('expected exactly one conversation');
    const messages: ChatMessage[] = [];
    for await (const message of conversation.messages()) messages.push(message);
    return { header: conversation.header, messages };
  } finally {
    await source.close();
  }
}

/** The parts of a message a test usually asserts, without the raw source. */
export function summarize(message: ChatMessage): Record<string, unknown> {
  const { source: _source, seq: _seq, ...rest } = message;
  return rest;
}
