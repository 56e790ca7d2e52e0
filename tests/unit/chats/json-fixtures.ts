import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExportSource } from '../../../src/chats/export-source.js';
import type { ChatMessage, ParsedConversation } from '../../../src/model/conversation.js';
import { createMemorySource } from '../../helpers/memory-source.js';

const fixturesDir = new URL('../../fixtures/', import.meta.url).pathname;

/** Loads a fixture folder (`instagram/dyi-current`) as an in-memory export source. */
export function loadFixture(folder: string): ExportSource {
  const root = join(fixturesDir, folder);
  const files: Record<string, Buffer> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(root);
  return createMemorySource(files);
}

/** Collects a conversation's messages. */
export async function collect(conversation: ParsedConversation): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for await (const message of conversation.messages()) messages.push(message);
  return messages;
}

export const paris = { timeZone: 'Europe/Paris' } as const;
