import { describe, expect, it } from 'vitest';
import { messengerE2eeDescriptor } from '../../../src/chats/formats/messenger-e2ee/descriptor.js';
import { instagramDescriptor } from '../../../src/chats/formats/meta/descriptor.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const instagramFormat = await instagramDescriptor.load();
const messengerE2eeFormat = await messengerE2eeDescriptor.load();

describe('messenger-e2ee: secure storage download', () => {
  const source = loadFixture('messenger/e2ee');

  it('is detected by content, and not as a DYI export', async () => {
    expect(await messengerE2eeFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    expect(await instagramFormat.detect(source)).toBe(0);
  });

  it('gives one conversation per chat file, in chronological order', async () => {
    const conversations = await messengerE2eeFormat.parse(source, paris);
    expect(conversations.map((c) => c.header.title)).toEqual([
      'Inconnu Soixante-Dix-Sept_40',
      'sam.k_41',
    ]);
    const [chat] = conversations;
    expect(chat!.header).toMatchObject({
      format: 'messenger-e2ee',
      participants: [{ name: 'Léa Martin' }, { name: 'Inconnu Soixante-Dix-Sept' }],
      metadata: { variant: 'secure-storage-json' },
      inferences: [],
    });
    const [media, threat, unsent] = await collect(chat!);
    expect(media).toMatchObject({
      seq: 0,
      sender: 'Inconnu Soixante-Dix-Sept',
      time: { instant: '2024-03-12T20:40:00.000Z', precision: 'ms' },
      attachments: [
        {
          name: '3f1c0000-0000-4000-8000-0000000000e2.jpeg',
          kind: 'image',
          exportPath: 'media/3f1c0000-0000-4000-8000-0000000000e2.jpeg',
        },
        { name: 'Failed to download media', isMissing: true },
      ],
      reactions: [{ emoji: '😮', by: 'Léa Martin' }],
      source: { file: 'Inconnu Soixante-Dix-Sept_40.json', jsonPath: '/messages/2' },
    });
    expect(threat?.text).toBe("Tu paies ou j'envoie à tous tes amis");
    expect(unsent?.flags.isDeleted).toBe(true);
  });

  it('repairs mojibake only where the file has it', async () => {
    const [, moji] = await messengerE2eeFormat.parse(source, paris);
    const [message] = await collect(moji!);
    expect(message?.text).toBe('Réponds');
    expect(moji!.header.participants[0]?.name).toBe('Léa Martin');
    expect(moji!.header.inferences[0]?.kind).toBe('encoding-repair');
  });

  it('filters by thread name', async () => {
    const only = await messengerE2eeFormat.parse(source, { ...paris, threads: ['sam.k_41'] });
    expect(only.map((c) => c.header.title)).toEqual(['sam.k_41']);
  });

  it('rejects truncated JSON and messages without a timestamp', async () => {
    const truncated = createMemorySource({
      'a_1.json': '{"threadName": "a", "messages": [{"senderName": "x", "time',
    });
    await expect(messengerE2eeFormat.parse(truncated, paris)).rejects.toThrow(EvidenceError);
    const noTime = createMemorySource({
      'a_1.json': JSON.stringify({ threadName: 'a', messages: [{ senderName: 'x', text: 'y' }] }),
    });
    await expect(messengerE2eeFormat.parse(noTime, paris)).rejects.toThrow(
      /'a_1.json'.*message \/messages\/0 has no numeric "timestamp"/,
    );
  });

  it('ignores foreign JSON', async () => {
    const foreign = createMemorySource({
      'data.json': '{"a": 1}',
      'b.bin': Buffer.from([0xff, 0x00]),
    });
    expect(await messengerE2eeFormat.detect(foreign)).toBe(0);
  });
});
