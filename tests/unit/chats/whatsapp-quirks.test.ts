import { describe, expect, it } from 'vitest';
import { AmbiguousDateOrderError } from '../../../src/chats/date-order-error.js';
import { whatsappDescriptor } from '../../../src/chats/formats/whatsapp/descriptor.js';
import { UsageError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { parseWhatsAppExport } from './parse-fixture.js';

const whatsappFormat = await whatsappDescriptor.load();

describe('WhatsApp day/month order', () => {
  it('refuses to guess when nothing settles it, with an error the wizard can recognise', async () => {
    const error = await parseWhatsAppExport('ambiguous-en.txt').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmbiguousDateOrderError);
    expect(error).toBeInstanceOf(UsageError);
    const ambiguity = error as AmbiguousDateOrderError;
    expect(ambiguity.code).toBe('ambiguous-date-order');
    expect(ambiguity.examples).toEqual(['3/4/24', '3/5/24']);
    expect(ambiguity.message).toMatch(/--date-order dmy/);
    expect(ambiguity.exitCode).toBe(2);
  });

  it('follows --date-order and records it as an inference', async () => {
    const dayFirst = await parseWhatsAppExport('ambiguous-en.txt', { dateOrder: 'dmy' });
    expect(dayFirst.messages[2]!.time.wallClock).toBe('2024-05-03T09:00');
    expect(dayFirst.header.inferences[0]).toMatchObject({
      kind: 'date-order',
      decision: 'dates read as day/month/year',
      reason:
        'the order day/month/year was given by the person who added the exhibit (--date-order, or their answer in the wizard after comparing with the phone)',
    });
    const monthFirst = await parseWhatsAppExport('ambiguous-en.txt', { dateOrder: 'mdy' });
    expect(monthFirst.messages[2]!.time.wallClock).toBe('2024-03-05T09:00');
  });

  it('lets a day over 12 win over a contradicting --date-order, and says so', async () => {
    const { header } = await parseWhatsAppExport('android-en-us.txt', { dateOrder: 'dmy' });
    expect(header.metadata.dateOrder).toBe('mdy');
    expect(header.inferences[0]!.reason).toMatch(/overriding --date-order dmy/);
  });

  it('decides from a month rolling over when no day exceeds 12', async () => {
    const text = [
      '11/1/24, 10:00 - A: x',
      '12/1/24, 10:00 - B: y',
      '1/2/24, 10:00 - A: z',
      '',
    ].join('\n');
    const [conversation] = await whatsappFormat.parse(
      createMemorySource({ 'chat.txt': text }, 'file'),
      {
        timeZone: 'Europe/Paris',
      },
    );
    expect(conversation!.header.metadata.dateOrder).toBe('dmy');
    expect(conversation!.header.inferences[0]!.reason).toMatch(
      /as days do when a month ends \(1\/2\/24 on line 3\)/,
    );
  });
});

describe('WhatsApp false headers, mixed formats, truncation, DST', () => {
  it('keeps a lone header of another format inside the message, splits a same-format one and flags the time going back', async () => {
    const { header, messages } = await parseWhatsAppExport('fake-header.txt');
    expect(messages).toHaveLength(5);
    expect(messages[0]!.text).toBe(
      "regarde ce que tu m'as écrit :\n[12/03/2024 09:15:00] Léa: d'accord\n12/03/2024 à 18h tu paies",
    );
    expect(messages[0]!.source).toMatchObject({ lineStart: 1, lineEnd: 3 });
    expect(messages[3]).toMatchObject({ sender: 'Léa', text: 'je paierai' });
    const kinds = header.inferences.map((inference) => inference.kind);
    expect(kinds).toContain('other');
    expect(kinds).toContain('out-of-order');
    expect(
      header.inferences.find((inference) => inference.kind === 'out-of-order')!.reason,
    ).toMatch(/line 6/);
  });

  it('reads each of two concatenated formats with its own date order and records the mix', async () => {
    const { header, messages } = await parseWhatsAppExport('mixed-formats.txt');
    expect(messages.map((message) => message.time.wallClock)).toEqual([
      '2023-06-30T21:00',
      '2023-06-30T21:05',
      '2023-06-30T21:10',
      '2023-07-01T08:00',
    ]);
    const mixed = header.inferences.find((inference) => inference.kind === 'mixed-formats');
    expect(mixed?.decision).toMatch(/^2 date formats in one file/);
    expect(header.metadata.dateOrder).toBe('mdy | dmy');
  });

  it('refuses a file whose single format needs both orders', async () => {
    const text = '25/03/2024 10:00 - A: x\n03/25/2024 10:00 - B: y\n';
    await expect(
      whatsappFormat.parse(createMemorySource({ 'chat.txt': text }, 'file'), {
        timeZone: 'Europe/Paris',
      }),
    ).rejects.toThrow(
      /cannot all be read one way: 25\/03\/2024 on line 1 needs day\/month, 03\/25\/2024 on line 2/,
    );
  });

  it('keeps the messages of a file truncated mid-line and notes the cut', async () => {
    const { header, messages } = await parseWhatsAppExport('truncated.txt');
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ sender: 'Léa', text: 'oui\n12/03/2024 21:4' });
    expect(header.notes.map((note) => renderText('en', note))).toContain(
      'The last line (3) is cut off: the chat file seems truncated. Export the chat again if you can.',
    );
  });

  it('flags wall-clock times in the spring gap and the autumn repeat (Europe/Paris)', async () => {
    const { messages } = await parseWhatsAppExport('dst-paris.txt');
    expect(
      messages.map((message) => [message.time.instant, message.time.isDstAmbiguous ?? false]),
    ).toEqual([
      ['2024-03-31T00:59:00Z', false],
      ['2024-03-31T01:30:00Z', true],
      ['2024-03-31T01:00:00Z', false],
      ['2024-10-27T00:30:00Z', true],
      ['2024-10-27T02:30:00Z', false],
    ]);
  });

  it('uses the zone it is given, never the machine zone (tests run in America/New_York)', async () => {
    const { messages, header } = await parseWhatsAppExport('android-fr.txt', {
      timeZone: 'Asia/Tokyo',
    });
    expect(messages[1]!.time).toEqual({
      wallClock: '2024-03-12T21:03',
      instant: '2024-03-12T12:03:00Z',
      zone: 'Asia/Tokyo',
      precision: 'minute',
    });
    expect(header.metadata.timeZone).toBe('Asia/Tokyo');
  });

  it('rejects an unknown time zone as a usage error', async () => {
    await expect(
      parseWhatsAppExport('android-fr.txt', { timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow(UsageError);
  });

  it('caps the raw text kept per message and can stream the same conversation twice', async () => {
    const long = 'x'.repeat(70_000);
    const text = `12/03/2024 21:03 - Léa: début\n${long}\n13/03/2024 08:00 - Léa: fin\n`;
    const [conversation] = await whatsappFormat.parse(
      createMemorySource({ 'chat.txt': text }, 'file'),
      {
        timeZone: 'Europe/Paris',
      },
    );
    const first: string[] = [];
    for await (const message of conversation!.messages()) first.push(message.text);
    const second: string[] = [];
    for await (const message of conversation!.messages()) second.push(message.source.raw ?? '');
    expect(first).toEqual([`début\n${long}`, 'fin']);
    expect(second[0]!.length).toBe(64_001);
    expect(second[0]!.endsWith('…')).toBe(true);
  });
});

describe('WhatsApp encodings and odd bodies', () => {
  it('reads a UTF-16 LE export with its byte-order mark', async () => {
    const text =
      '\uFEFF12/03/2024 21:03 - Léa: salut\r\n13/03/2024 08:00 - Inconnu_77: réponds\r\n';
    const [conversation] = await whatsappFormat.parse(
      createMemorySource({ 'chat.txt': Buffer.from(text, 'utf16le') }, 'file'),
      { timeZone: 'Europe/Paris' },
    );
    const texts: string[] = [];
    for await (const message of conversation!.messages())
      texts.push(`${message.sender}: ${message.text}`);
    expect(texts).toEqual(['Léa: salut', 'Inconnu_77: réponds']);
  });

  it('links an attachment whose name is stored decomposed (NFD) in the export', async () => {
    const text = '12/03/2024 21:03 - Léa: été.jpg (fichier joint)\n13/03/2024 08:00 - Léa: ok\n';
    const source = createMemorySource({
      'chat.txt': text,
      ['été.jpg'.normalize('NFD')]: Buffer.from('x'),
    });
    const [conversation] = await whatsappFormat.parse(source, { timeZone: 'Europe/Paris' });
    const first = await conversation!.messages()[Symbol.asyncIterator]().next();
    expect(first.value.attachments[0].exportPath).toBe('été.jpg'.normalize('NFD'));
    expect(conversation!.header.unreferencedFiles).toEqual([]);
  });
});

describe('WhatsApp forced year-first order', () => {
  it('refuses --date-order ymd on dates that end with the year', async () => {
    await expect(parseWhatsAppExport('ambiguous-en.txt', { dateOrder: 'ymd' })).rejects.toThrow(
      /--date-order ymd does not fit 'ambiguous-en.txt'/,
    );
  });
});
