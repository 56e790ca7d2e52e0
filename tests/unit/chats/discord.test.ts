import { describe, expect, it } from 'vitest';
import { discordDescriptor } from '../../../src/chats/formats/discord/descriptor.js';
import { snowflakeTime } from '../../../src/chats/formats/discord/snowflake.js';
import { discordPackageDescriptor } from '../../../src/chats/formats/discord-package/descriptor.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const discordFormat = await discordDescriptor.load();
const discordPackageFormat = await discordPackageDescriptor.load();

const dceFile = 'Direct Messages - inconnu_77 [1200000000000000001].json';

describe('discord: DiscordChatExporter JSON', () => {
  const source = loadFixture('discord/dce');

  it('is detected by content, and not as a data package', async () => {
    expect(await discordFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    expect(await discordPackageFormat.detect(source)).toBe(0);
  });

  it('keeps snowflake ids above 2^53 exactly, as strings', async () => {
    const [channel] = await discordFormat.parse(source, paris);
    const messages = await collect(channel!);
    expect(BigInt(messages[0]!.id!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(messages.map((m) => m.id)).toEqual([
      '1217210551361339393',
      '1217210803019579394',
      '1217210928848699395',
      '1217211180506939396',
    ]);
    expect(messages[1]?.replyToId).toBe('1217210551361339393');
    expect(snowflakeTime(messages[1]!.id)).toBe(Date.parse(messages[1]!.time.instant!));
  });

  it('reads the channel, authors, instants with offset, attachments and flags', async () => {
    const [channel] = await discordFormat.parse(source, paris);
    expect(channel!.header).toMatchObject({
      format: 'discord',
      title: 'inconnu_77',
      metadata: {
        variant: 'discordchatexporter-json',
        guildId: '0',
        channelId: '1200000000000000001',
        channelType: 'DirectTextChat',
        exportedAt: '2024-03-13T09:00:00.000+01:00',
      },
      inferences: [],
      unreferencedFiles: [`${dceFile}_Files/unused-7C2D.png`],
    });
    expect(channel!.header.participants).toEqual([
      { name: 'inconnu_77', id: '900000000000000077' },
      { name: 'lea.m_2010', id: '900000000000000010' },
    ]);
    const [photo, threat, answer, call] = await collect(channel!);
    expect(photo).toMatchObject({
      sender: 'inconnu_77',
      senderId: '900000000000000077',
      time: { instant: '2024-03-12T20:40:10.123Z', precision: 'ms' },
      attachments: [
        {
          name: 'photo.jpg',
          kind: 'image',
          size: 16,
          exportPath: `${dceFile}_Files/photo-5A1B.jpg`,
        },
        { name: 'video.mp4', kind: 'video', isMissing: true },
      ],
      source: { file: dceFile, jsonPath: '/messages/0' },
    });
    expect(threat).toMatchObject({ flags: { isEdited: true }, reactions: [{ emoji: '😢' }] });
    expect(answer?.text).toBe('non\nlaisse-moi');
    expect(call?.flags).toEqual({ isSystem: true });
  });

  it('keeps an id written as a bare JSON number exactly', async () => {
    const json =
      '{"guild": {"id": 0}, "channel": {"id": 1200000000000000001, "name": "x"}, "messages": [' +
      '{"id": 1217210551361339393, "timestamp": "2024-03-12T21:40:10.123+01:00", "author": {"id": 900000000000000077, "name": "a"}}]}';
    const [channel] = await discordFormat.parse(createMemorySource({ 'x.json': json }), paris);
    const [message] = await collect(channel!);
    expect(message).toMatchObject({ id: '1217210551361339393', senderId: '900000000000000077' });
    expect(channel!.header.metadata.channelId).toBe('1200000000000000001');
  });

  it('records an inference when a timestamp disagrees with its id', async () => {
    const json = JSON.stringify({
      guild: { id: '0', name: 'Direct Messages' },
      channel: { id: '1', name: 'x' },
      messages: [
        {
          id: '1217210551361339393',
          timestamp: '2024-03-12T23:40:10.123+01:00',
          content: 'a',
          author: { id: '1', name: 'a' },
        },
      ],
    });
    const [channel] = await discordFormat.parse(createMemorySource({ 'x.json': json }), paris);
    expect(channel!.header.inferences[0]?.decision).toMatch(
      /differs from the time encoded in the message id/,
    );
  });

  it('rejects truncated JSON and timestamps without an offset', async () => {
    const truncated = createMemorySource({
      'x.json': '{"guild": {"id": "0"}, "channel": {"id": "1"}, "messages": [{"id": "12',
    });
    const error = await discordFormat.parse(truncated, paris).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/'x.json'.*not complete JSON/);
    const local = JSON.stringify({
      guild: {},
      channel: {},
      messages: [{ id: '1', timestamp: '2024-03-12T21:40:10', author: { name: 'a' } }],
    });
    await expect(
      discordFormat.parse(createMemorySource({ 'x.json': local }), paris),
    ).rejects.toThrow(/message \/messages\/0 has no ISO "timestamp" with an offset/);
  });
});

describe('discord: data package, messages.json', () => {
  const source = loadFixture('discord/package-json');

  it('is detected, and not as a DiscordChatExporter export', async () => {
    expect(await discordPackageFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    expect(await discordFormat.detect(source)).toBe(0);
  });

  it('gives one conversation per channel, with the own-messages-only note', async () => {
    const channels = await discordPackageFormat.parse(source, paris);
    expect(channels.map((c) => c.header.title)).toEqual([
      'Direct Message with inconnu_77#0',
      'général in Club Manga',
    ]);
    const [dm] = channels;
    expect(renderText('en', dm!.header.notes[0]!)).toMatch(
      /holds only the messages sent by the account holder/,
    );
    expect(dm!.header).toMatchObject({
      format: 'discord-package',
      metadata: {
        variant: 'data-package-json',
        channelId: '1200000000000000001',
        channelType: 'DM',
      },
      participants: [
        { name: 'lea.m_2010', id: '900000000000000010', isExporter: true },
        { name: '900000000000000077', id: '900000000000000077' },
      ],
    });
  });

  it('keeps bare-number ids losslessly and orders by id', async () => {
    const [dm] = await discordPackageFormat.parse(source, paris);
    const [first, second] = await collect(dm!);
    expect(first).toMatchObject({
      seq: 0,
      id: '1217210886905659397',
      sender: 'lea.m_2010',
      time: { instant: '2024-03-12T20:41:30.000Z', precision: 'second' },
      text: '',
      attachments: [
        { name: "capture d'écran.png", kind: 'image', isMissing: true },
        { name: 'note.pdf', kind: 'document', isMissing: true },
      ],
      source: { file: 'Messages/c1200000000000000001/messages.json', jsonPath: '/1' },
    });
    expect(second?.id).toBe('1217210970791739398');
  });

  it('reads times without offset as UTC, confirmed by the ids', async () => {
    const [dm] = await discordPackageFormat.parse(source, paris);
    expect(dm!.header.inferences).toMatchObject([
      {
        kind: 'time-zone',
        decision: '2 timestamp(s) without an offset read as UTC',
        reason:
          'Discord writes its data package in UTC; the time encoded in every message id agrees',
      },
    ]);
  });

  it('filters by channel label or id', async () => {
    const only = await discordPackageFormat.parse(source, {
      ...paris,
      threads: ['1200000000000000003'],
    });
    expect(only.map((c) => c.header.title)).toEqual(['général in Club Manga']);
  });
});

describe('discord: data package, older messages.csv', () => {
  const source = loadFixture('discord/package-csv');

  it('reads quoted multi-line fields with a real CSV parser', async () => {
    expect(await discordPackageFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    const [dm] = await discordPackageFormat.parse(source, paris);
    expect(dm!.header).toMatchObject({
      title: 'Direct Message with inconnu_77#0077',
      metadata: { variant: 'data-package-csv', channelType: '1' },
      inferences: [],
    });
    const [empty, withImage, multiLine] = await collect(dm!);
    expect(multiLine).toMatchObject({
      id: '1217196542385979395',
      sender: 'lea_m#2010',
      text: 'Ligne un\r\nligne deux, avec une virgule\r\net "des guillemets"',
      time: { instant: '2024-03-12T19:44:30.123Z', precision: 'ms' },
      source: { file: 'messages/1200000000000000002/messages.csv', lineStart: 2, lineEnd: 4 },
    });
    expect(withImage).toMatchObject({
      attachments: [{ name: 'image.jpg', kind: 'image', isMissing: true }],
      source: { lineStart: 5, lineEnd: 5 },
    });
    expect(empty?.text).toBe('');
  });

  it('rejects a broken CSV, naming the file', async () => {
    const broken = createMemorySource({
      'messages/1/messages.csv':
        'ID,Timestamp,Contents,Attachments\n1,2024-03-12 19:44:30,"not closed\n',
    });
    const error = await discordPackageFormat.parse(broken, paris).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/'messages\/1\/messages.csv'.*not a valid CSV file/);
  });

  it('rejects a row without a readable timestamp', async () => {
    const bad = createMemorySource({
      'messages/1/messages.csv': 'ID,Timestamp,Contents,Attachments\n1,hier,a,\n',
    });
    await expect(discordPackageFormat.parse(bad, paris)).rejects.toThrow(
      /message line 2 has no readable "Timestamp"/,
    );
  });

  it('gives 0 for foreign input', async () => {
    expect(await discordPackageFormat.detect(createMemorySource({ 'a.csv': 'x,y\n' }))).toBe(0);
    expect(await discordFormat.detect(createMemorySource({ 'result.json': '{"name": "x"}' }))).toBe(
      0,
    );
  });
});
