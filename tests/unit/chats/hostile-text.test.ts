import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { whatsappDescriptor } from '../../../src/chats/formats/whatsapp/descriptor.js';
import { MAX_LINE_CHARS, readTextLines } from '../../../src/chats/text-lines.js';
import { makeUniqueStoredPath } from '../../../src/evidence/stored-name.js';
import type { ChatMessage } from '../../../src/model/conversation.js';
import { createMemorySource } from '../../helpers/memory-source.js';

const whatsappFormat = await whatsappDescriptor.load();

async function parseChat(text: string | Buffer): Promise<ChatMessage[]> {
  const [conversation] = await whatsappFormat.parse(
    createMemorySource({ 'chat.txt': text }, 'file'),
    {
      timeZone: 'Europe/Paris',
    },
  );
  const messages: ChatMessage[] = [];
  for await (const message of conversation!.messages()) messages.push(message);
  return messages;
}

describe('one line of 50 MB', () => {
  it('is streamed and cut for display, its length counted, the next line intact', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    async function* chunks() {
      yield Buffer.from('12/03/2024, 21:40 - Inconnu 77: ');
      for (let i = 0; i < 800; i += 1) yield chunk; // 50 MiB of "A", no line break
      yield Buffer.from('\r\n13/03/2024, 21:41 - Léa: non\n');
    }
    const lines = [];
    for await (const line of readTextLines(Readable.from(chunks()))) lines.push(line);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.text).toHaveLength(MAX_LINE_CHARS);
    expect(lines[0]!.droppedChars).toBe(32 + 800 * 64 * 1024 - MAX_LINE_CHARS);
    expect(lines[1]).toEqual({
      text: '13/03/2024, 21:41 - Léa: non',
      lineNumber: 2,
      isTerminated: true,
      droppedChars: 0,
    });
  });

  it('gives a message that says how many characters are only in the original', async () => {
    const text = `12/03/2024, 21:40 - Inconnu 77: ${'B'.repeat(300_000)}\n13/03/2024, 21:41 - Léa: non\n`;
    const [long, next] = await parseChat(text);
    expect(long!.text.length).toBeLessThan(MAX_LINE_CHARS + 200);
    expect(long!.text).toMatch(/\[… \d+ more characters in the original export, lines up to 1\]$/);
    expect(next!.text).toBe('non');
  });
});

describe('impossible calendar dates', () => {
  it('31/02 and 00/00/0000 are flagged on their message, the date as written kept', async () => {
    const messages = await parseChat(
      '31/02/2024, 10:00 - Inconnu 77: paye\n13/03/2024, 10:01 - Inconnu 77: vite\n00/00/0000, 10:02 - Inconnu 77: ok\n',
    );
    expect(messages.map((m) => m.time)).toEqual([
      { precision: 'minute', unreadable: '31/02/2024 10:00' },
      expect.objectContaining({ wallClock: '2024-03-13T10:01' }),
      { precision: 'minute', unreadable: '00/00/0000 10:02' },
    ]);
  });
});

describe('stored-name collisions', () => {
  it('get -2, -3 before the extension, in input order, whatever the case of the letters', () => {
    const used = new Set<string>();
    expect(makeUniqueStoredPath('evidence/P1/photo_1.jpg', used)).toBe('evidence/P1/photo_1.jpg');
    expect(makeUniqueStoredPath('evidence/P1/photo_1.jpg', used)).toBe('evidence/P1/photo_1-2.jpg');
    expect(makeUniqueStoredPath('evidence/P1/Photo_1.jpg', used)).toBe('evidence/P1/Photo_1-3.jpg');
    expect(makeUniqueStoredPath('evidence/P1/other.jpg', used)).toBe('evidence/P1/other.jpg');
  });
});
