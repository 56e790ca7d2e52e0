import { describe, expect, it } from 'vitest';
import {
  instagramDescriptor,
  messengerDescriptor,
} from '../../../src/chats/formats/meta/descriptor.js';
import { repairMojibake } from '../../../src/chats/mojibake.js';
import { EvidenceError, UsageError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { collect, loadFixture, paris } from './json-fixtures.js';

const instagramFormat = await instagramDescriptor.load();
const messengerFormat = await messengerDescriptor.load();

describe('repairMojibake', () => {
  it('re-reads Latin-1-decoded UTF-8 strictly', () => {
    expect(repairMojibake('L\u00c3\u00a9a')).toBe('Léa');
    expect(repairMojibake('\u00f0\u009f\u0098\u00a0')).toBe('😠');
  });

  it('leaves correct text alone', () => {
    expect(repairMojibake('Léa')).toBeUndefined(); // é alone is not valid UTF-8
    expect(repairMojibake('café 😠')).toBeUndefined(); // real Unicode
    expect(repairMojibake('plain ascii')).toBeUndefined();
    expect(repairMojibake('Ã')).toBeUndefined(); // truncated sequence
  });
});

describe('instagram: current "Download your information" tree', () => {
  const source = loadFixture('instagram/dyi-current');

  it('is detected as Instagram, not Messenger', async () => {
    expect(await instagramFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    expect(await messengerFormat.detect(source)).toBeLessThan(0.5);
  });

  it('gives one conversation per thread, inbox and message requests', async () => {
    const conversations = await instagramFormat.parse(source, paris);
    expect(conversations.map((c) => [c.header.title, c.header.metadata.box])).toEqual([
      ['inconnu_77', 'inbox'],
      ['sam.k', 'message_requests'],
    ]);
    const request = conversations[1]!;
    expect(renderText('en', request.header.notes[0]!)).toMatch(/message requests/);
    const [first] = await collect(request);
    expect(first?.text).toBe("salut, t'es trop belle 😍");
    expect(first?.time).toEqual({ instant: '2024-03-11T23:33:20.123Z', precision: 'ms' });
  });

  it('merges message_N.json newest-first files into one chronological thread', async () => {
    const [thread] = await instagramFormat.parse(source, paris);
    const header = thread!.header;
    expect(header.format).toBe('instagram');
    expect(header.metadata).toMatchObject({
      platform: 'instagram',
      variant: 'dyi-json',
      root: 'your_instagram_activity/',
      files: 'message_1.json, message_2.json',
    });
    expect(header.participants).toEqual([{ name: 'Léa' }, { name: 'inconnu_77' }]);
    expect(header.messageCount).toBe(6);
    expect(header.firstMessageAt?.instant).toBe('2024-03-12T20:36:40.000Z');
    expect(header.lastMessageAt?.instant).toBe('2024-03-12T20:45:00.000Z');

    const messages = await collect(thread!);
    expect(messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    const [share, question, media, threat, audio, unsent] = messages;

    expect(share).toMatchObject({
      sender: 'inconnu_77',
      links: ['https://www.instagram.com/reel/EXAMPLE0001/'],
      source: {
        file: 'your_instagram_activity/messages/inbox/inconnu_77_17841400000000077/message_2.json',
        jsonPath: '/messages/1',
      },
    });
    expect(question).toMatchObject({
      sender: 'Léa',
      text: 'qui es-tu ?',
      reactions: [{ emoji: '❤', by: 'inconnu_77' }],
    });
    expect(threat?.text).toBe("Tu as jusqu'à demain 18h 😠 sinon tout le monde verra");
    expect(threat?.source.jsonPath).toBe('/messages/2');
    expect(media?.attachments).toEqual([
      {
        name: '4242424242_111.jpg',
        kind: 'image',
        exportPath:
          'your_instagram_activity/messages/inbox/inconnu_77_17841400000000077/photos/4242424242_111.jpg',
      },
      { name: '4242424242_222.mp4', kind: 'video', isMissing: true },
    ]);
    expect(audio?.attachments[0]).toMatchObject({ kind: 'audio', name: 'audioclip_0001.mp4' });
    expect(audio?.attachments[0]?.isMissing).toBeUndefined();
    expect(unsent?.flags).toEqual({ isDeleted: true });
    expect(header.unreferencedFiles).toEqual([
      'your_instagram_activity/messages/inbox/inconnu_77_17841400000000077/photos/4242424242_999.jpg',
    ]);
  });

  it('records the Latin-1 repair as an inference', async () => {
    const [thread] = await instagramFormat.parse(source, paris);
    const repair = thread!.header.inferences.find((i) => i.kind === 'encoding-repair');
    expect(repair?.decision).toMatch(/re-read as UTF-8/);
    expect(repair?.decision).toContain('"LÃ©a" → "Léa"');
  });

  it('keeps the auto-generated "sent an attachment." text but flags it as system', async () => {
    const [thread] = await instagramFormat.parse(source, paris);
    const [share] = await collect(thread!);
    expect(share?.text).toBe('inconnu_77 sent an attachment.');
    // A shared link makes it a real message: not system.
    expect(share?.flags.isSystem).toBeUndefined();
  });

  it('filters threads by title or folder', async () => {
    const byTitle = await instagramFormat.parse(source, { ...paris, threads: ['sam.k'] });
    expect(byTitle.map((c) => c.header.title)).toEqual(['sam.k']);
    const byFolder = await instagramFormat.parse(source, {
      ...paris,
      threads: ['inbox/inconnu_77_17841400000000077'],
    });
    expect(byFolder.map((c) => c.header.title)).toEqual(['inconnu_77']);
    await expect(instagramFormat.parse(source, { ...paris, threads: ['nobody'] })).rejects.toThrow(
      UsageError,
    );
  });
});

describe('instagram: other roots', () => {
  it('reads the older messages/inbox root and links media from there', async () => {
    const source = loadFixture('instagram/dyi-old');
    expect(await instagramFormat.detect(source)).toBeGreaterThan(
      await messengerFormat.detect(source),
    );
    const [thread] = await instagramFormat.parse(source, paris);
    expect(thread!.header.metadata).toMatchObject({ platform: 'instagram', root: '(export root)' });
    const [message] = await collect(thread!);
    expect(message?.attachments[0]?.exportPath).toBe('messages/inbox/lea.m_2010_1784/photos/1.jpg');
  });

  it('links media when the user gave the folder inside the export root', async () => {
    const full = loadFixture('instagram/dyi-current');
    const inner: Record<string, Buffer> = {};
    for (const { path } of full.entries) {
      if (path.startsWith('your_instagram_activity/')) {
        inner[path.slice('your_instagram_activity/'.length)] = await full.read(path);
      }
    }
    const [thread] = await instagramFormat.parse(createMemorySource(inner), paris);
    const messages = await collect(thread!);
    expect(messages[2]?.attachments[0]?.exportPath).toBe(
      'messages/inbox/inconnu_77_17841400000000077/photos/4242424242_111.jpg',
    );
  });

  it('reads a Facebook export (your_activity_across_facebook) as Messenger', async () => {
    const source = loadFixture('instagram/facebook-2024');
    expect(await messengerFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
    expect(await instagramFormat.detect(source)).toBeLessThan(0.5);
    const [thread] = await messengerFormat.parse(source, paris);
    expect(thread!.header).toMatchObject({
      format: 'messenger',
      title: 'Inconnu Soixante-Dix-Sept',
      metadata: { platform: 'facebook' },
    });
    const [message] = await collect(thread!);
    expect(message?.text).toBe('Réponds-moi');
    expect(thread!.header.participants[1]?.name).toBe('Léa Martin');
  });
});

describe('instagram: correct and malformed input', () => {
  const path = 'messages/inbox/x_1/message_1.json';

  it('does not touch a file that already holds real Unicode', async () => {
    const json = JSON.stringify({
      participants: [{ name: 'Léa' }],
      messages: [{ sender_name: 'Léa', timestamp_ms: 1, content: 'Ã© reste tel quel 😀' }],
      title: 'x',
    });
    const [thread] = await instagramFormat.parse(createMemorySource({ [path]: json }), paris);
    const [message] = await collect(thread!);
    expect(message?.text).toBe('Ã© reste tel quel 😀');
    expect(thread!.header.inferences).toEqual([]);
  });

  it('flags texts Meta writes on its own as system', async () => {
    const json = JSON.stringify({
      messages: [
        { sender_name: 'Inconnu_77', timestamp_ms: 2, content: 'Inconnu_77 unsent a message' },
        { sender_name: 'Inconnu_77', timestamp_ms: 1, content: 'Liked a message' },
      ],
    });
    const [thread] = await instagramFormat.parse(createMemorySource({ [path]: json }), paris);
    const messages = await collect(thread!);
    expect(messages.map((m) => m.flags.isSystem)).toEqual([true, true]);
  });

  it('strips a UTF-8 BOM', async () => {
    const json = `\uFEFF${JSON.stringify({ messages: [{ sender_name: 'a', timestamp_ms: 1, content: 'ok' }] })}`;
    const [thread] = await instagramFormat.parse(createMemorySource({ [path]: json }), paris);
    expect(thread!.header.title).toBe('x_1');
  });

  it('rejects truncated JSON, naming the file and the fix', async () => {
    const source = createMemorySource({
      [path]: '{"participants": [{"name": "a"}], "messages": [{"sen',
    });
    const error = await instagramFormat.parse(source, paris).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(
      /'messages\/inbox\/x_1\/message_1.json'.*not complete JSON/,
    );
    expect((error as Error).message).toMatch(/download the export again/);
  });

  it('rejects a file that is not UTF-8', async () => {
    const bytes = Buffer.from('{"messages": [{"content": "caf\xe9"}]}', 'latin1');
    await expect(
      instagramFormat.parse(createMemorySource({ [path]: bytes }), paris),
    ).rejects.toThrow(/not UTF-8 text/);
  });

  it('rejects a message without timestamp_ms', async () => {
    const json = JSON.stringify({ messages: [{ sender_name: 'a', content: 'x' }] });
    await expect(
      instagramFormat.parse(createMemorySource({ [path]: json }), paris),
    ).rejects.toThrow(/message \/messages\/0 has no "timestamp_ms"/);
  });

  it('rejects a thread file without messages', async () => {
    await expect(
      instagramFormat.parse(createMemorySource({ [path]: '{"title": "x"}' }), paris),
    ).rejects.toThrow(/no "messages" list/);
  });

  it('detects nothing in foreign input and never throws', async () => {
    const foreign = createMemorySource({
      '_chat.txt': '[12/03/2024 21:40:05] A: hi',
      'x.bin': Buffer.alloc(3),
    });
    expect(await instagramFormat.detect(foreign)).toBe(0);
    expect(await messengerFormat.detect(createMemorySource({}))).toBe(0);
  });
});
