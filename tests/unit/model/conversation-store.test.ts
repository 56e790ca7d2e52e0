import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { whatsappDescriptor } from '../../../src/chats/formats/whatsapp/descriptor.js';
import { replayStoredMessages, type StoredReplay } from '../../../src/chats/replay-stored.js';
import { openFileSource } from '../../../src/chats/sources/file-source.js';
import type { ChatMessage } from '../../../src/model/conversation.js';
import { readStoredMessages } from '../../../src/model/conversation-store.js';
import type { Exhibit } from '../../../src/model/exhibit.js';

const whatsappFormat = await whatsappDescriptor.load();

const CHAT = [
  '12/03/2024 21:02 - Les messages et les appels sont chiffrés de bout en bout.',
  '12/03/2024 21:03 - Inconnu_77: salut ça va ? <Médias omis> (ou pas)',
  '13/03/2024 21:05 - Léa: oui et toi',
  '14/03/2024 21:40 - Inconnu_77: IMG-20240314-WA0001.jpg (fichier joint)',
  'tu te reconnais ?',
  '31/02/2024 21:41 - Inconnu_77: Tu as jusqu’à demain 18h.',
  '',
].join('\n');

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function exhibitWith(messagesPath: string): Exhibit {
  return {
    conversation: { messagesPath, headerPath: 'derived/P1/conversation.json' },
    number: 1,
  } as unknown as Exhibit;
}

async function collect(messages: AsyncIterable<ChatMessage>): Promise<ChatMessage[]> {
  const all: ChatMessage[] = [];
  for await (const message of messages) all.push(message);
  return all;
}

/** A case folder with the chat's evidence copy and its parsed conversation. */
async function makeCase() {
  const caseDir = mkdtempSync(join(tmpdir(), 'preuve-store-'));
  dirs.push(caseDir);
  mkdirSync(join(caseDir, 'evidence', 'P1'), { recursive: true });
  mkdirSync(join(caseDir, 'derived', 'P1'), { recursive: true });
  const copy = join(caseDir, 'evidence', 'P1', 'chat.txt');
  writeFileSync(copy, CHAT);
  const source = await openFileSource(copy);
  const [conversation] = await whatsappFormat.parse(source, { timeZone: 'Europe/Paris' });
  const parsed = await collect(conversation!.messages());
  const stored: StoredReplay = {
    replay: 1,
    format: 'whatsapp',
    file: 'chat.txt',
    storedPath: 'evidence/P1/chat.txt',
    sha256: createHash('sha256').update(CHAT).digest('hex'),
    plan: conversation!.replay!.plan,
    links: {},
  };
  writeFileSync(join(caseDir, 'derived', 'P1', 'messages.json'), JSON.stringify(stored));
  return { caseDir, copy, parsed };
}

describe('readStoredMessages', () => {
  it('reads WhatsApp messages again from the evidence copy, exactly as parsed at intake', async () => {
    const { caseDir, parsed } = await makeCase();
    const read = await collect(
      readStoredMessages(caseDir, exhibitWith('derived/P1/messages.json'), replayStoredMessages),
    );
    expect(read).toEqual(parsed);
    expect(read).toHaveLength(5);
    // The impossible date stays flagged, not guessed.
    expect(read[4]!.time.unreadable).toBe('31/02/2024 21:41');
    expect(read[3]!.attachments[0]!.name).toBe('IMG-20240314-WA0001.jpg');
  });

  it('gives, for the intake, the messages with attachments alone, as filtering every message does', async () => {
    const { copy, parsed } = await makeCase();
    const [conversation] = await whatsappFormat.parse(await openFileSource(copy), {
      timeZone: 'Europe/Paris',
    });
    const withAttachments = await collect(conversation!.references!.attachmentMessages());
    expect(withAttachments).toEqual(parsed.filter((message) => message.attachments.length > 0));
    expect(withAttachments).toHaveLength(1);
  });

  it('still reads the messages.jsonl of a case made by an earlier version', async () => {
    const { caseDir, parsed } = await makeCase();
    writeFileSync(
      join(caseDir, 'derived', 'P1', 'messages.jsonl'),
      parsed.map((message) => `${JSON.stringify(message)}\n`).join(''),
    );
    const read = await collect(
      readStoredMessages(caseDir, exhibitWith('derived/P1/messages.jsonl'), replayStoredMessages),
    );
    expect(read).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('refuses messages from a copy changed since it was added', async () => {
    const { caseDir, copy } = await makeCase();
    chmodSync(copy, 0o644);
    writeFileSync(copy, CHAT.replace('salut', 'SALUT'));
    await expect(
      collect(
        readStoredMessages(caseDir, exhibitWith('derived/P1/messages.json'), replayStoredMessages),
      ),
    ).rejects.toThrow(/no longer has the hash it was added with/);
  });
});
