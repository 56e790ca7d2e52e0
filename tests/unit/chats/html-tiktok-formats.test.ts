import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectChatFormat } from '../../../src/chats/detect.js';
import { parseLocalizedTime } from '../../../src/chats/formats/localized-time.js';
import {
  instagramDescriptor,
  messengerDescriptor,
} from '../../../src/chats/formats/meta/descriptor.js';
import { telegramDescriptor } from '../../../src/chats/formats/telegram/descriptor.js';
import { tiktokDescriptor } from '../../../src/chats/formats/tiktok/descriptor.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const instagramFormat = await instagramDescriptor.load();
const messengerFormat = await messengerDescriptor.load();
const telegramFormat = await telegramDescriptor.load();
const tiktokFormat = await tiktokDescriptor.load();

const fixtures = new URL('../../fixtures/', import.meta.url).pathname;
const fileSource = (path: string, name = path.split('/').pop()!, prefix = Buffer.alloc(0)) =>
  createMemorySource(
    { [name]: Buffer.concat([prefix, readFileSync(join(fixtures, path))]) },
    'file',
  );
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('localized Meta dates', () => {
  it.each([
    ['13 mars 2024 22:41', 'fr', [2024, 3, 13, 22, 41]],
    ['1 févr. 2024 à 09:05', 'fr', [2024, 2, 1, 9, 5]],
    ['Mar 13, 2024 10:41 pm', 'en', [2024, 3, 13, 22, 41]],
    ['Mar 13, 2024, 12:05 AM', 'en', [2024, 3, 13, 0, 5]],
    ['Sep 2, 2024 10:41:07 am', 'en', [2024, 9, 2, 10, 41]],
  ])('%s', (text, locale, [year, month, day, hour, minute]) => {
    expect(parseLocalizedTime(text)).toMatchObject({
      locale,
      parts: { year, month, day, hour, minute },
    });
  });
  it('refuses what is not a date', () => {
    for (const text of ['laisse-moi', '13 foo 2024 22:41', 'Mar 13, 2024 13:41 pm', '22:41'])
      expect(parseLocalizedTime(text)).toBeUndefined();
  });
});

describe('Meta HTML exports', () => {
  it('reads a French Instagram thread: sender, text, picture, unsent message, zone said', async () => {
    const [conversation] = await instagramFormat.parse(loadFixture('instagram/html-fr'), paris);
    const messages = await collect(conversation!);
    expect(conversation!.header.metadata.variant).toBe('dyi-html');
    expect(messages.map((m) => m.time.wallClock)).toEqual([
      '2024-03-01T09:05',
      '2024-03-13T22:41',
      '2024-03-13T22:42',
      '2024-03-13T22:43',
      '2024-03-13T22:45',
    ]);
    expect(messages[1]!.attachments[0]).toMatchObject({
      kind: 'image',
      name: '4242424242_111.jpg',
    });
    expect(messages[1]!.attachments[0]!.exportPath).toMatch(/photos\/4242424242_111\.jpg$/);
    // Escaped markup stays text, never markup.
    expect(messages[2]!.text).toBe(
      "Tu as jusqu'à demain 18h 😠\nsinon tout le monde verra <b>tout</b>",
    );
    expect(messages[2]!.reactions).toEqual([{ emoji: '😮', by: 'Léa' }]);
    expect(messages[4]!.flags.isDeleted).toBe(true);
    const zone = conversation!.header.inferences.find((i) => i.kind === 'time-zone');
    expect(zone?.decision).toContain('fr: "13 mars 2024 22:45"');
    expect(zone?.decision).toContain('Europe/Paris');
  });

  it('reads an English Messenger thread with seconds and older <div> senders', async () => {
    const source = loadFixture('messenger/html-en');
    expect((await detectChatFormat(source))?.format.id).toBe('messenger');
    const [conversation] = await messengerFormat.parse(source, paris);
    const messages = await collect(conversation!);
    expect(messages[0]).toMatchObject({ sender: 'Sam Example', text: 'who are you?' });
    expect(messages[0]!.time).toMatchObject({
      instant: '2024-03-13T08:58:00Z',
      precision: 'second',
    });
    expect(messages.map((m) => m.attachments[0]?.kind)).toEqual([
      undefined,
      'image',
      'audio',
      undefined,
      undefined,
    ]);
    expect(messages[3]!.flags.isDeleted).toBe(true);
  });

  it('reads one message_1.html given on its own, even renamed', async () => {
    const source = fileSource(
      'instagram/html-fr/your_instagram_activity/messages/inbox/inconnu_77_17841400000000077/message_1.html',
      'conversation.html',
    );
    expect((await detectChatFormat(source))?.format.id).toBe('instagram');
    const [conversation] = await messengerFormat.parse(source, paris);
    expect(conversation!.header.messageCount).toBe(5);
  });

  it('keeps the complete messages of a page cut short, and says so', async () => {
    const source = fileSource('instagram/html-hostile/truncated-message_1.html');
    const [conversation] = await instagramFormat.parse(source, paris);
    expect(conversation!.header.messageCount).toBe(3);
    expect(conversation!.header.inferences.some((i) => /cut short/.test(i.reason))).toBe(true);
  });

  it('refuses a page saved again in Latin-1 with a clear error', async () => {
    const source = fileSource('instagram/html-hostile/latin1-message_1.html');
    await expect(instagramFormat.parse(source, paris)).rejects.toThrow(EvidenceError);
    await expect(instagramFormat.parse(source, paris)).rejects.toThrow(/not UTF-8 HTML/);
  });
});

describe('loose conversation files are recognised by content', () => {
  it('a Messenger message_1.json copied out of its folders, with a BOM', async () => {
    const path =
      'instagram/facebook-2024/your_activity_across_facebook/messages/inbox/inconnu77_7000000000000077/message_1.json';
    for (const name of ['message_1.json', 'conversation.json']) {
      const source = fileSource(path, name, BOM);
      expect((await detectChatFormat(source))?.format.id).toBe('instagram');
      const forced = await detectChatFormat(source, 'messenger');
      const [conversation] = await forced!.format.parse(source, paris);
      expect(conversation!.header.messageCount).toBeGreaterThan(0);
    }
  });

  it('a renamed Telegram result.json and a renamed Discord export, with a BOM', async () => {
    const telegram = fileSource('telegram/ChatExport_2024-03-13/result.json', 'lea.txt', BOM);
    expect((await detectChatFormat(telegram))?.format.id).toBe('telegram');
    const discord = fileSource(
      'discord/dce/Direct Messages - inconnu_77 [1200000000000000001].json',
      'chat.txt',
      BOM,
    );
    expect((await detectChatFormat(discord))?.format.id).toBe('discord');
  });

  it('a text file that is no chat stays unrecognised', async () => {
    const source = createMemorySource({ 'notes.txt': 'hello\nworld\n' }, 'file');
    expect(await detectChatFormat(source)).toBeNull();
  });
});

describe('Telegram Desktop HTML', () => {
  it('reads instants from the title attributes, joined senders, replies, media, forwarded', async () => {
    const source = loadFixture('telegram/html-en');
    expect((await detectChatFormat(source))?.format.id).toBe('telegram');
    const [conversation] = await telegramFormat.parse(source, paris);
    const messages = await collect(conversation!);
    expect(conversation!.header.title).toBe('Unknown 77');
    expect(messages[0]).toMatchObject({
      sender: 'Unknown 77',
      id: '4731',
      time: { instant: '2024-03-13T21:41:05Z', precision: 'second' },
      text: 'Pay by tomorrow 6 pm or everyone sees them.\nLast warning.',
    });
    expect(messages[1]!.sender).toBe('Unknown 77');
    expect(messages[1]!.attachments[0]!.exportPath).toBe(
      'ChatExport_2024-03-14/photos/photo_1@13-03-2024_22-41-30.jpg',
    );
    expect(messages[2]).toMatchObject({ sender: 'Sam Example', replyToId: '4731' });
    expect(messages[3]!.attachments[0]!.kind).toBe('audio');
    expect(messages[4]!.attachments[0]).toMatchObject({ kind: 'image', isMissing: true });
    expect(messages[5]).toMatchObject({ sender: 'Unknown 77', flags: { isForwarded: true } });
    expect(messages[5]!.time.instant).toBe('2024-03-13T21:50:00Z');
    expect(conversation!.header.inferences.filter((i) => i.kind === 'time-zone')).toEqual([]);
    expect(conversation!.header.unreferencedFiles).toEqual([]);
  });

  it('reads an older French export without UTC offset as local time, and says so', async () => {
    const [conversation] = await telegramFormat.parse(loadFixture('telegram/html-fr-old'), paris);
    const messages = await collect(conversation!);
    expect(messages[0]!.time).toMatchObject({
      wallClock: '2024-03-13T22:41:05',
      instant: '2024-03-13T21:41:05Z',
    });
    expect(messages[2]!.sender).toBe('Léa');
    expect(conversation!.header.inferences[0]!.decision).toContain('Europe/Paris');
  });

  it('keeps what precedes the cut of a truncated page; refuses Latin-1', async () => {
    const [conversation] = await telegramFormat.parse(
      fileSource('telegram/html-hostile/truncated-messages.html'),
      paris,
    );
    expect(conversation!.header.inferences.some((i) => /cut short/.test(i.reason))).toBe(true);
    await expect(
      telegramFormat.parse(fileSource('telegram/html-hostile/latin1-messages.html'), paris),
    ).rejects.toThrow(/not UTF-8 HTML/);
  });
});

describe('TikTok Download your data', () => {
  it('reads the JSON export: one conversation per chat, sender, text, zone said', async () => {
    const source = loadFixture('tiktok/json-en');
    expect((await detectChatFormat(source))?.format.id).toBe('tiktok');
    const conversations = await tiktokFormat.parse(source, paris);
    expect(conversations.map((c) => c.header.title)).toEqual(['unknown_77', 'friend_01']);
    const messages = await collect(conversations[0]!);
    expect(messages[0]).toMatchObject({
      sender: 'unknown_77',
      time: { wallClock: '2024-03-13T22:41:05', instant: '2024-03-13T21:41:05Z' },
    });
    expect(messages[1]!.links).toHaveLength(1);
    expect(messages[3]!.flags.isContentMissing).toBe(true);
    expect(conversations[0]!.header.participants).toContainEqual({
      name: 'sam.example',
      isExporter: true,
    });
    expect(conversations[0]!.header.inferences[0]!.kind).toBe('time-zone');
  });

  it('reads the TXT export with multi-line messages', async () => {
    const source = fileSource('tiktok/txt-fr/Direct Messages.txt');
    expect((await detectChatFormat(source))?.format.id).toBe('tiktok');
    const [conversation] = await tiktokFormat.parse(source, paris);
    const messages = await collect(conversation!);
    expect(messages[0]!.text).toBe(
      "Tu as jusqu'à demain 18h. Envoie 200 € sinon tout le monde verra.\nDernier avertissement.",
    );
    expect(messages[0]!.source).toMatchObject({ lineStart: 2, lineEnd: 5 });
    expect(messages[2]!.sender).toBe('lea.m');
  });

  it('refuses a truncated JSON and a Latin-1 TXT with clear errors', async () => {
    await expect(
      tiktokFormat.parse(fileSource('tiktok/hostile/user_data_tiktok.json'), paris),
    ).rejects.toThrow(/not complete JSON/);
    await expect(
      tiktokFormat.parse(fileSource('tiktok/hostile/Direct Messages latin1.txt'), paris),
    ).rejects.toThrow(/not UTF-8 text/);
  });
});
