import { describe, expect, it } from 'vitest';
import type { ChatFormat } from '../../../src/chats/format.js';
import { discordDescriptor } from '../../../src/chats/formats/discord/descriptor.js';
import { discordPackageDescriptor } from '../../../src/chats/formats/discord-package/descriptor.js';
import { messengerE2eeDescriptor } from '../../../src/chats/formats/messenger-e2ee/descriptor.js';
import {
  instagramDescriptor,
  messengerDescriptor,
} from '../../../src/chats/formats/meta/descriptor.js';
import { snapchatDescriptor } from '../../../src/chats/formats/snapchat/descriptor.js';
import { telegramDescriptor } from '../../../src/chats/formats/telegram/descriptor.js';
import { chatFormats } from '../../../src/chats/registry.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { loadFixture } from './json-fixtures.js';

const discordFormat = await discordDescriptor.load();
const discordPackageFormat = await discordPackageDescriptor.load();
const instagramFormat = await instagramDescriptor.load();
const messengerFormat = await messengerDescriptor.load();
const snapchatFormat = await snapchatDescriptor.load();
const telegramFormat = await telegramDescriptor.load();
const messengerE2eeFormat = await messengerE2eeDescriptor.load();

const formats: ChatFormat[] = [
  instagramFormat,
  messengerFormat,
  messengerE2eeFormat,
  telegramFormat,
  discordFormat,
  discordPackageFormat,
  snapchatFormat,
];

const cases: [string, ChatFormat][] = [
  ['instagram/dyi-current', instagramFormat],
  ['instagram/dyi-old', instagramFormat],
  ['instagram/facebook-2024', messengerFormat],
  ['messenger/e2ee', messengerE2eeFormat],
  ['telegram/ChatExport_2024-03-13', telegramFormat],
  ['telegram/DataExport_2024-03-13', telegramFormat],
  ['telegram/old-no-unixtime', telegramFormat],
  ['discord/dce', discordFormat],
  ['discord/package-json', discordPackageFormat],
  ['discord/package-csv', discordPackageFormat],
  ['snapchat/mydata-current', snapchatFormat],
  ['snapchat/mydata-legacy', snapchatFormat],
];

describe('JSON chat formats: detection by content', () => {
  it('are all in the registry', () => {
    for (const format of formats) expect(chatFormats.map((f) => f.id)).toContain(format.id);
    expect(new Set(chatFormats.map((f) => f.id)).size).toBe(chatFormats.length);
  });

  it.each(cases)('%s is recognised by its own format only', async (fixture, expected) => {
    const source = loadFixture(fixture);
    for (const format of formats) {
      const confidence = await format.detect(source);
      if (format === expected) expect(confidence, format.id).toBeGreaterThanOrEqual(0.75);
      else expect(confidence, format.id).toBeLessThan(0.5);
    }
  });

  it('never throws on foreign or hostile input', async () => {
    const hostile = createMemorySource({
      'result.json': Buffer.from([0xff, 0xfe, 0x00, 0x7b]),
      'messages/inbox/x/message_1.json': '',
      'messages/c1/messages.csv': '"',
      'json/chat_history.json': '[',
      'a.json': 'null',
    });
    for (const format of formats) {
      const confidence = await format.detect(hostile);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    const empty = createMemorySource({});
    for (const format of formats) expect(await format.detect(empty)).toBe(0);
  });
});

describe('JSON chat formats: odd shapes give EvidenceError, never a TypeError', () => {
  const shapes: [ChatFormat, Record<string, string>][] = [
    [instagramFormat, { 'messages/inbox/x/message_1.json': 'null' }],
    [instagramFormat, { 'messages/inbox/x/message_1.json': '{"messages": [null]}' }],
    [
      messengerE2eeFormat,
      { 'a_1.json': '{"threadName": "a", "senderName": "b", "messages": [3]}' },
    ],
    [telegramFormat, { 'result.json': '[]' }],
    [telegramFormat, { 'result.json': '{"name": "x", "messages": [null]}' }],
    [telegramFormat, { 'result.json': '{"chats": {"list": [{"name": "x", "messages": 3}]}}' }],
    [
      discordFormat,
      { 'x.json': '{"guild": null, "channel": null, "messages": [{"author": null}]}' },
    ],
    [discordPackageFormat, { 'messages/c1/messages.json': '{}' }],
    [discordPackageFormat, { 'messages/c1/messages.json': '[{"ID": 1}]' }],
    [discordPackageFormat, { 'messages/c1/messages.csv': 'a,b\n1,2\n' }],
    [snapchatFormat, { 'json/chat_history.json': '[]' }],
    [snapchatFormat, { 'json/chat_history.json': '{"Received Saved Chat History": {}}' }],
    [snapchatFormat, { 'json/chat_history.json': '{"x": [null]}' }],
  ];

  it.each(
    shapes.map(([format, files]) => [format.id, Object.values(files)[0], format, files] as const),
  )('%s: %s', async (_id, _content, format, files) => {
    const error = await format
      .parse(createMemorySource(files), { timeZone: 'Europe/Paris' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/download|export/i);
  });
});
