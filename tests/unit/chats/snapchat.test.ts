import { describe, expect, it } from 'vitest';
import { snapchatDescriptor } from '../../../src/chats/formats/snapchat/descriptor.js';
import { contentNotKeptText } from '../../../src/chats/formats/snapchat/parse.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const snapchatFormat = await snapchatDescriptor.load();

describe('snapchat: current layout (keyed by conversation)', () => {
  const source = loadFixture('snapchat/mydata-current');

  it('is detected by content', async () => {
    expect(await snapchatFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
  });

  it('gives one conversation per key, group title from Conversation Title', async () => {
    const conversations = await snapchatFormat.parse(source, paris);
    expect(conversations.map((c) => c.header.title)).toEqual(['inconnu_77', 'the study club']);
    const [dm] = conversations;
    expect(dm!.header).toMatchObject({
      format: 'snapchat',
      metadata: {
        variant: 'by-conversation',
        conversationKey: 'inconnu_77',
        file: 'json/chat_history.json',
      },
      participants: [{ name: 'inconnu_77' }, { name: 'lea.m_2010', isExporter: true }],
      inferences: [],
      unreferencedFiles: ['chat_media/2024-03-12_overlay~zip-31FBA148-0000.png'],
    });
    expect(renderText('en', dm!.header.notes[0]!)).toMatch(
      /without their content \(2 message\(s\) here\)/,
    );
  });

  it('orders newest-first rows chronologically with millisecond instants', async () => {
    const messages = await collect((await snapchatFormat.parse(source, paris))[0]!);
    expect(messages.map((m) => m.time.instant)).toEqual([
      '2024-03-12T20:37:00.000Z',
      '2024-03-12T20:38:00.000Z',
      '2024-03-12T20:39:00.000Z',
      '2024-03-12T20:40:02.456Z',
      '2024-03-12T20:41:10.123Z',
      '2024-03-12T20:42:00.456Z',
    ]);
    expect(messages[4]).toMatchObject({
      sender: 'inconnu_77',
      text: 'You have until tomorrow 6pm.',
      flags: {},
    });
  });

  it('says when Snapchat did not keep the content (null Content)', async () => {
    const messages = await collect((await snapchatFormat.parse(source, paris))[0]!);
    expect(messages[3]).toMatchObject({
      text: contentNotKeptText,
      flags: { isContentMissing: true },
      source: { jsonPath: '/inconnu_77/2' },
    });
    // A media row without media ids and with null Content: neither the snap nor its text was kept.
    expect(messages[1]).toMatchObject({ text: contentNotKeptText, attachments: [] });
    expect(messages[1]?.flags).toEqual({ isContentMissing: true, isMediaOmitted: true });
  });

  it('links Media IDs to chat_media files, missing ones flagged', async () => {
    const messages = await collect((await snapchatFormat.parse(source, paris))[0]!);
    expect(messages[2]?.attachments).toEqual([
      {
        name: '2024-03-12_b~EiQSFTAAAAFAKE1.jpeg',
        kind: 'image',
        exportPath: 'chat_media/2024-03-12_b~EiQSFTAAAAFAKE1.jpeg',
      },
      { name: 'b~EiQSFTAAAAFAKE2', kind: 'other', isMissing: true },
    ]);
  });

  it('turns status rows into system messages', async () => {
    const messages = await collect((await snapchatFormat.parse(source, paris))[1]!);
    expect(messages.map((m) => [m.text, m.flags])).toEqual([
      ['[statusparticipantremoved]', { isSystem: true }],
      ['[statuserasedmessage]', { isSystem: true, isDeleted: true }],
    ]);
  });

  it('filters by username or group title', async () => {
    const only = await snapchatFormat.parse(source, { ...paris, threads: ['the study club'] });
    expect(only.map((c) => c.header.title)).toEqual(['the study club']);
  });

  it('keeps Created when Created(microseconds) disagrees, and says so', async () => {
    const json = JSON.stringify({
      x: [
        {
          From: 'x',
          'Media Type': 'TEXT',
          Created: '2024-03-12 20:41:10 UTC',
          Content: 'a',
          'Created(microseconds)': 1710276999000,
        },
      ],
    });
    const [c] = await snapchatFormat.parse(
      createMemorySource({ 'json/chat_history.json': json }),
      paris,
    );
    const [m] = await collect(c!);
    expect(m?.time).toEqual({ instant: '2024-03-12T20:41:10Z', precision: 'second' });
    expect(c!.header.inferences[0]?.reason).toMatch(/differs from "Created" by more than 1 s/);
  });
});

describe('snapchat: legacy layout (saved/unsaved lists)', () => {
  const source = loadFixture('snapchat/mydata-legacy');

  it('groups received and sent rows by the other person', async () => {
    expect(await snapchatFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    const conversations = await snapchatFormat.parse(source, paris);
    expect(conversations.map((c) => c.header.title)).toEqual(['inconnu_77', 'sam.k']);
    const [c] = conversations;
    expect(c!.header.metadata.variant).toBe('legacy-saved-unsaved-lists');
    expect(c!.header.participants).toEqual([
      { name: 'inconnu_77' },
      { name: 'account holder', isExporter: true },
    ]);
    const messages = await collect(c!);
    expect(messages.map((m) => [m.sender, m.time.instant, m.text])).toEqual([
      ['inconnu_77', '2021-06-01T19:27:00Z', ''],
      ['inconnu_77', '2021-06-01T19:28:21Z', 'send me more, it\'s "easy" & quick'],
      ['account holder', '2021-06-01T19:29:02Z', 'no'],
      ['inconnu_77', '2021-06-01T19:30:00Z', contentNotKeptText],
    ]);
    expect(messages[0]?.flags).toEqual({ isMediaOmitted: true });
    expect(messages[3]?.flags).toEqual({ isContentMissing: true });
    expect(messages[3]?.source).toEqual({
      file: 'json/chat_history.json',
      jsonPath: '/Received Unsaved Chat History/0',
      raw: 'unsaved',
    });
  });
});

describe('snapchat: malformed input', () => {
  const path = 'json/chat_history.json';

  it('rejects truncated JSON, naming the file', async () => {
    const source = createMemorySource({ [path]: '{"inconnu_77": [{"From": "inconnu_77", "Crea' });
    const error = await snapchatFormat.parse(source, paris).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/'json\/chat_history.json'.*not complete JSON/);
  });

  it('rejects rows without a Created time', async () => {
    const current = createMemorySource({
      [path]: JSON.stringify({ x: [{ From: 'x', Content: 'a' }] }),
    });
    await expect(snapchatFormat.parse(current, paris)).rejects.toThrow(
      /message \/x\/0 has no "Created" time/,
    );
    const legacy = createMemorySource({
      [path]: JSON.stringify({
        'Sent Saved Chat History': [{ 'Media Type': 'TEXT', Created: '2021-06-01 19:29:02 UTC' }],
      }),
    });
    await expect(snapchatFormat.parse(legacy, paris)).rejects.toThrow(/has no "To"/);
  });

  it('rejects a conversation that is not a list', async () => {
    const source = createMemorySource({ [path]: '{"x": 3}' });
    await expect(snapchatFormat.parse(source, paris)).rejects.toThrow(
      /conversation "x" is not a list/,
    );
  });

  it('gives 0 for foreign input', async () => {
    expect(await snapchatFormat.detect(createMemorySource({ 'result.json': '{}' }))).toBe(0);
  });
});
