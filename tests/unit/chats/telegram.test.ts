import { describe, expect, it } from 'vitest';
import { telegramDescriptor } from '../../../src/chats/formats/telegram/descriptor.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const telegramFormat = await telegramDescriptor.load();

describe('telegram: one chat (ChatExport_…/result.json)', () => {
  const source = loadFixture('telegram/ChatExport_2024-03-13');

  it('is detected by content', async () => {
    expect(await telegramFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
  });

  it('reads the chat with instants from date_unixtime', async () => {
    const [chat] = await telegramFormat.parse(source, paris);
    expect(chat!.header).toMatchObject({
      format: 'telegram',
      title: 'Inconnu 77',
      messageCount: 8,
      metadata: { variant: 'single-chat', chatType: 'personal_chat', chatId: '5550001234' },
      inferences: [],
      unreferencedFiles: ['photos/photo_2@12-03-2024_21-50-00.jpg'],
    });
    expect(chat!.header.participants).toEqual([
      { name: 'Inconnu 77', id: 'user5550001234' },
      { name: 'Léa', id: 'user5550009999' },
    ]);
    const [photo, reply] = await collect(chat!);
    expect(photo).toMatchObject({
      seq: 0,
      id: '4729',
      sender: 'Inconnu 77',
      senderId: 'user5550001234',
      time: { instant: '2024-03-12T20:40:05.000Z', precision: 'second' },
      text: "c'est toi ?",
      attachments: [
        {
          name: 'photo_1@12-03-2024_21-40-05.jpg',
          kind: 'image',
          exportPath: 'photos/photo_1@12-03-2024_21-40-05.jpg',
        },
      ],
      source: { file: 'result.json', jsonPath: '/messages/0' },
    });
    expect(reply).toMatchObject({
      replyToId: '4729',
      reactions: [{ emoji: '😡', by: 'Inconnu 77' }],
    });
  });

  it('joins entity arrays into text and keeps links', async () => {
    const messages = await collect((await telegramFormat.parse(source, paris))[0]!);
    const threat = messages[2]!;
    expect(threat.text).toBe('Paie avant demain 18h ici : https://pay.example.org/x ou là');
    expect(threat.links).toEqual(['https://pay.example.org/x', 'https://example.org/autre']);
    expect(threat.flags).toEqual({ isEdited: true });
  });

  it('flags files not included in the export as missing', async () => {
    const messages = await collect((await telegramFormat.parse(source, paris))[0]!);
    expect(messages[3]).toMatchObject({
      attachments: [{ name: 'photo', kind: 'image', isMissing: true }],
      flags: { isViewOnce: true },
    });
    expect(messages[7]).toMatchObject({
      text: 'regarde',
      attachments: [{ name: 'video.mp4', kind: 'video', isMissing: true }],
      flags: { isForwarded: true },
    });
  });

  it('turns service messages into system messages', async () => {
    const messages = await collect((await telegramFormat.parse(source, paris))[0]!);
    expect(messages[4]).toMatchObject({
      sender: 'Inconnu 77',
      text: '[phone call] duration: 56 s; ended: hangup',
      flags: { isSystem: true },
    });
    expect(messages[5]?.text).toBe('[take screenshot]');
  });

  it('falls back to from_id when from is null, and links voice messages', async () => {
    const messages = await collect((await telegramFormat.parse(source, paris))[0]!);
    expect(messages[6]).toMatchObject({
      sender: 'user5550001234',
      senderId: 'user5550001234',
      attachments: [
        { kind: 'audio', exportPath: 'voice_messages/audio_1@12-03-2024_21-47-00.ogg' },
      ],
    });
  });

  it('resolves media relative to result.json when the folder is inside the export', async () => {
    const nested: Record<string, Buffer> = {};
    for (const { path } of source.entries)
      nested[`ChatExport_2024-03-13/${path}`] = await source.read(path);
    const messages = await collect(
      (await telegramFormat.parse(createMemorySource(nested), paris))[0]!,
    );
    expect(messages[0]?.attachments[0]?.exportPath).toBe(
      'ChatExport_2024-03-13/photos/photo_1@12-03-2024_21-40-05.jpg',
    );
  });
});

describe('telegram: older export without date_unixtime', () => {
  it('reads date in the given zone, flags the DST gap and records the inference', async () => {
    const [chat] = await telegramFormat.parse(loadFixture('telegram/old-no-unixtime'), paris);
    const [gap, later] = await collect(chat!);
    expect(gap?.time).toMatchObject({
      wallClock: '2021-03-28T02:30:00',
      zone: 'Europe/Paris',
      precision: 'second',
      isDstAmbiguous: true,
    });
    expect(later?.time).toEqual({
      instant: '2021-03-28T12:00:00Z',
      wallClock: '2021-03-28T14:00:00',
      zone: 'Europe/Paris',
      precision: 'second',
    });
    expect(later?.senderId).toBe('5550001234');
    expect(later?.text).toBe('lis @lea_m');
    expect(later?.flags.isEdited).toBeUndefined(); // the 1970 "edited" sentinel means never edited
    expect(chat!.header.inferences).toEqual([
      expect.objectContaining({
        kind: 'time-zone',
        decision: '2 message time(s) read as local time in Europe/Paris',
      }),
    ]);
    expect(chat!.header.inferences[0]?.reason).toMatch(
      /placeholder 1970-01-01T01:00:00 shows .* UTC\+01:00/,
    );
  });
});

describe('telegram: whole-account export (chats.list)', () => {
  const source = loadFixture('telegram/DataExport_2024-03-13');

  it('gives one conversation per chat, left chats included', async () => {
    expect(await telegramFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    const chats = await telegramFormat.parse(source, paris);
    expect(chats.map((c) => c.header.title)).toEqual([
      'Inconnu 77',
      'Classe 3e B',
      'Telegram chat 1600000000',
    ]);
    expect(chats[0]!.header.metadata.variant).toBe('account-export');
    expect(chats[0]!.header.participants).toContainEqual({
      name: 'Léa',
      id: 'user5550009999',
      isExporter: true,
    });
    const [first] = await collect(chats[0]!);
    expect(first).toMatchObject({
      attachments: [{ exportPath: 'chats/chat_001/photos/photo_1@12-03-2024_21-41-10.jpg' }],
      source: { jsonPath: '/chats/list/0/messages/0' },
    });
    const [created] = await collect(chats[1]!);
    expect(created?.text).toBe('[create group] members: Léa, Inconnu 77; title: Classe 3e B');
  });

  it('filters chats by name or id', async () => {
    const chats = await telegramFormat.parse(source, { ...paris, threads: ['classe 3e b'] });
    expect(chats.map((c) => c.header.title)).toEqual(['Classe 3e B']);
    const byId = await telegramFormat.parse(source, { ...paris, threads: ['5550001234'] });
    expect(byId.map((c) => c.header.title)).toEqual(['Inconnu 77']);
  });
});

describe('telegram: malformed input', () => {
  it('rejects truncated JSON', async () => {
    const source = createMemorySource({
      'result.json': '{"name": "x", "type": "personal_chat", "messages": [{"id": 1,',
    });
    const error = await telegramFormat.parse(source, paris).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/'result.json'.*not complete JSON/);
  });

  it('rejects a message without any date', async () => {
    const source = createMemorySource({
      'result.json': JSON.stringify({
        name: 'x',
        type: 'personal_chat',
        messages: [{ id: 1, type: 'message', text: 'a' }],
      }),
    });
    await expect(telegramFormat.parse(source, paris)).rejects.toThrow(
      /message \/messages\/0 has neither "date_unixtime" nor a valid "date"/,
    );
  });

  it('rejects a result.json without chats', async () => {
    const source = createMemorySource({ 'result.json': '{"about": "x"}' });
    await expect(telegramFormat.parse(source, paris)).rejects.toThrow(
      /neither "messages" nor "chats.list"/,
    );
  });

  it('gives 0 for foreign input', async () => {
    expect(await telegramFormat.detect(createMemorySource({ 'a.txt': 'hello' }))).toBe(0);
    expect(await telegramFormat.detect(createMemorySource({ 'data.json': '{"guild": {}}' }))).toBe(
      0,
    );
  });
});
