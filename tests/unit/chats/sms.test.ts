import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportSource } from '../../../src/chats/export-source.js';
import { smsBackupDescriptor } from '../../../src/chats/formats/sms-backup/descriptor.js';
import { RecordFilter } from '../../../src/chats/formats/sms-backup/filter.js';
import { extractMmsPart } from '../../../src/chats/formats/sms-backup/mms-data.js';
import { readSmsBackup, type SmsRecord } from '../../../src/chats/formats/sms-backup/reader.js';
import { ReferenceRepairer } from '../../../src/chats/formats/sms-backup/repair.js';
import { chatFormats } from '../../../src/chats/registry.js';
import type { ChatMessage, ParsedConversation } from '../../../src/model/conversation.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { renderText } from '../../../src/model/messages.js';
import { createMemorySource } from '../../helpers/memory-source.js';

const smsBackupFormat = await smsBackupDescriptor.load();

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/sms/${name}`, import.meta.url));
const options = { timeZone: 'Europe/Paris' };

/** The same files, delivered in chunks of `size` bytes, to exercise every chunk boundary. */
function chunkedSource(files: Record<string, Buffer>, size: number): ExportSource {
  const source = createMemorySource(files);
  return {
    ...source,
    open: async (path) => {
      const buffer = await source.read(path);
      const chunks: Buffer[] = [];
      for (let at = 0; at < buffer.length; at += size) chunks.push(buffer.subarray(at, at + size));
      return Readable.from(chunks);
    },
  };
}

async function collect(conversation: ParsedConversation): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for await (const message of conversation.messages()) messages.push(message);
  return messages;
}

async function parseFixture(name: string, chunkSize?: number) {
  const files = { [name]: fixture(name) };
  const source = chunkSize ? chunkedSource(files, chunkSize) : createMemorySource(files, 'file');
  return { source, conversations: await smsBackupFormat.parse(source, options) };
}

function byCorrespondent(conversations: ParsedConversation[], key: string): ParsedConversation {
  const found = conversations.find((c) => c.header.metadata.correspondent === key);
  if (!found) throw new Error(`no conversation ${key}`);
  return found;
}

async function parseError(name: string, content?: Buffer): Promise<EvidenceError> {
  const source = createMemorySource({ [name]: content ?? fixture(name) }, 'file');
  try {
    const conversations = await smsBackupFormat.parse(source, options);
    for (const conversation of conversations) await collect(conversation);
  } catch (error) {
    expect(error).toBeInstanceOf(EvidenceError);
    return error as EvidenceError;
  }
  throw new Error('expected an EvidenceError');
}

describe('SMS Backup & Restore: detection', () => {
  it('is registered', () => {
    expect(chatFormats).toContain(smsBackupDescriptor);
  });

  it('recognises a backup by its <smses> root, not by its name', async () => {
    const source = createMemorySource({ 'backup.txt': fixture('basic.xml') }, 'file');
    expect(await smsBackupFormat.detect(source)).toBeGreaterThanOrEqual(0.9);
  });

  it('says no to calls backups, other XML, binary and empty input without throwing', async () => {
    const foreign = createMemorySource({
      'calls.xml': fixture('calls.xml'),
      'other.xml': '<?xml version="1.0"?><html/>',
      'photo.jpg': Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]),
      'empty.xml': '',
    });
    expect(await smsBackupFormat.detect(foreign)).toBe(0);
    const broken: ExportSource = {
      ...foreign,
      read: async () => {
        throw new Error('unreadable');
      },
    };
    expect(await smsBackupFormat.detect(broken)).toBe(0);
  });
});

describe('SMS Backup & Restore: SMS', () => {
  it('groups by correspondent, numbers normalised, raw values kept', async () => {
    const { conversations } = await parseFixture('basic.xml');
    expect(conversations.map((c) => c.header.title).sort()).toEqual([
      '+33600000077',
      'Maman (+33600000012)',
    ]);
    const maman = byCorrespondent(conversations, '+33600000012');
    expect(maman.header.metadata.addresses).toBe('+33 6 00 00 00 12, +33600000012');
    expect(maman.header.participants).toEqual([
      { name: 'Maman', id: '+33600000012' },
      { name: 'Phone owner', isExporter: true },
    ]);
    expect(maman.header.metadata.boxes).toBe('received 1, draft 1');
  });

  it('reads the message: date (ms, UTC) over readable_date, type 1 received / 2 sent', async () => {
    const { conversations } = await parseFixture('basic.xml');
    const stranger = byCorrespondent(conversations, '+33600000077');
    expect(stranger.header).toMatchObject({
      format: 'sms-backup',
      messageCount: 2,
      firstMessageAt: { instant: '2024-03-12T20:41:10.123Z', precision: 'ms' },
      lastMessageAt: { instant: '2024-03-12T20:42:10.000Z', precision: 'ms' },
      metadata: {
        file: 'basic.xml',
        backupDate: '2024-03-13T08:00:00.000Z',
        backupSet: '00000000-0000-4000-8000-000000000000',
        backupType: 'full',
        smsCount: '2',
        mmsCount: '0',
      },
      inferences: [],
    });
    expect(stranger.header.notes.map((note) => renderText('en', note)).join(' ')).toContain(
      'readable_date',
    );
    const [received, sent] = await collect(stranger);
    expect(received).toMatchObject({
      seq: 0,
      sender: '+33600000077',
      senderId: '+33600000077',
      time: { instant: '2024-03-12T20:41:10.123Z', precision: 'ms' },
      text: "Tu as jusqu'à demain 18h.",
      attachments: [],
      flags: {},
      source: { file: 'basic.xml', lineStart: 4, lineEnd: 4 },
    });
    expect(received?.source.raw).toContain('type="1"');
    expect(sent).toMatchObject({ seq: 1, sender: 'Phone owner', text: 'laisse-moi' });
    expect(sent?.senderId).toBeUndefined();
    expect(sent?.time.instant).toBe('2024-03-12T20:42:10.000Z');
  });

  it('keeps line breaks and names the contact; an empty draft is marked as without content', async () => {
    const { conversations } = await parseFixture('basic.xml');
    const [fromMum, draft] = await collect(byCorrespondent(conversations, '+33600000012'));
    expect(fromMum).toMatchObject({ sender: 'Maman', text: 'Tu rentres à quelle heure ?\nBisous' });
    expect(draft).toMatchObject({
      sender: 'Phone owner',
      text: '',
      flags: { isContentMissing: true },
    });
    expect(draft?.source.raw).toContain('type="3"');
  });

  it('filters threads by number, in any writing, or by contact name', async () => {
    const source = createMemorySource({ 'basic.xml': fixture('basic.xml') }, 'file');
    const parse = (threads: string[]) =>
      smsBackupFormat
        .parse(source, { ...options, threads })
        .then((list) => list.map((c) => c.header.metadata.correspondent));
    expect(await parse(['06 00 00 00 77'])).toEqual(['+33600000077']);
    expect(await parse(['+33 6 00 00 00 12'])).toEqual(['+33600000012']);
    expect(await parse(['maman'])).toEqual(['+33600000012']);
    expect(await parse(['nobody'])).toEqual([]);
  });

  it('merges numbers written without country code, records the assumption and the disorder', async () => {
    const { conversations } = await parseFixture('national-numbers.xml');
    expect(conversations.map((c) => c.header.metadata.correspondent).sort()).toEqual([
      '+33600000077',
      '36665',
    ]);
    const stranger = byCorrespondent(conversations, '+33600000077');
    expect(stranger.header.messageCount).toBe(3);
    expect(stranger.header.metadata.defaultCountry).toBe('FR');
    expect(stranger.header.inferences.map((i) => i.kind)).toEqual(['other', 'out-of-order']);
    expect(stranger.header.inferences[0]?.decision).toContain('FR');
    expect(stranger.header.firstMessageAt?.instant).toBe('2024-03-12T20:40:00.000Z');
    const messages = await collect(stranger);
    expect(messages.map((m) => m.text)).toEqual(['réponds', 'non', 'plus tôt']);
    expect(messages.map((m) => m.seq)).toEqual([0, 1, 2]);
  });
});

describe('SMS Backup & Restore: character repairs', () => {
  it.each([undefined, 1, 3, 7])(
    'joins surrogate-pair references into one character (chunks of %s bytes)',
    async (chunkSize) => {
      const { conversations } = await parseFixture('surrogates.xml', chunkSize);
      const stranger = byCorrespondent(conversations, '+33600000077');
      const texts = (await collect(stranger)).map((m) => m.text);
      expect(texts).toEqual(["t'es mignonne 😀 envoie", 'hex 😈 et seul \uFFFD fin\uFFFD']);
      expect(stranger.header.inferences).toEqual([
        expect.objectContaining({
          kind: 'encoding-repair',
          decision: expect.stringContaining('2 '),
        }),
        expect.objectContaining({
          kind: 'encoding-repair',
          decision: expect.stringContaining('2 '),
        }),
      ]);
      const noe = byCorrespondent(conversations, '+33600000013');
      expect((await collect(noe))[0]?.text).toBe('rien à réparer é &#55357;');
      expect(noe.header.inferences).toEqual([]);
    },
  );

  it('repairs a pair cut between two chunks and leaves valid references alone', () => {
    const repairer = new ReferenceRepairer();
    const out = ['a&#553', '57;', '&#56832;b &#233;', '&#x1F600;', '&'].map((c) =>
      repairer.push(c),
    );
    expect(out.join('') + repairer.flush()).toBe('a&#128512;b &#233;&#x1F600;&');
    expect(repairer.counts).toEqual({ surrogatePairs: 1, replaced: 0 });
  });
});

describe('SMS Backup & Restore: MMS', () => {
  it('reads parts, addresses 137 from / 151 to, and skips the SMIL layout', async () => {
    const { conversations } = await parseFixture('mms.xml');
    const stranger = byCorrespondent(conversations, '+33600000077');
    expect(stranger.header.metadata.mmsCount).toBe('2');
    const [photo, reply] = await collect(stranger);
    expect(photo).toMatchObject({
      sender: '+33600000077',
      senderId: '+33600000077',
      text: 'regarde',
      time: { instant: '2024-03-12T20:43:20.000Z', precision: 'ms' },
      source: { file: 'mms.xml', lineStart: 3, lineEnd: 13 },
    });
    expect(photo?.attachments).toEqual([
      {
        name: 'mms-1710276200000-1.jpg',
        kind: 'image',
        mime: 'image/jpeg',
        size: 269,
        embedded: { entryPath: 'mms.xml', ref: expect.stringMatching(/^mms-data@\d+:269$/) },
      },
    ]);
    expect(photo?.source.raw).not.toContain('/9j/');
    expect(reply).toMatchObject({ sender: 'Phone owner', text: 'Subject: Re: photo\narrête' });
  });

  it('streams an inline image back byte for byte, from any chunking', async () => {
    const content = fixture('mms.xml');
    const expected = Buffer.from(/data="([^"]+)"/.exec(content.toString())![1]!, 'base64');
    const { conversations } = await parseFixture('mms.xml');
    const [photo] = await collect(byCorrespondent(conversations, '+33600000077'));
    const embedded = photo!.attachments[0]!.embedded!;
    for (const size of [1, 5, 64, 1 << 16]) {
      const source = chunkedSource({ 'mms.xml': content }, size);
      const stream = await smsBackupFormat.openEmbedded!(source, embedded);
      const bytes = Buffer.concat(await stream.toArray());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(
        createHash('sha256').update(expected).digest('hex'),
      );
    }
  });

  it('also skips and streams back single-quoted data', async () => {
    const content = Buffer.from(
      fixture('mms.xml')
        .toString()
        .replace(/data="([^"]+)"/, "data='$1'"),
    );
    const expected = Buffer.from(/data='([^']+)'/.exec(content.toString())![1]!, 'base64');
    const source = chunkedSource({ 'mms.xml': content }, 3);
    const [stranger] = await smsBackupFormat.parse(source, {
      ...options,
      threads: ['+33600000077'],
    });
    const [photo] = await collect(stranger!);
    expect(photo?.attachments[0]).toMatchObject({ size: expected.length, kind: 'image' });
    const stream = await smsBackupFormat.openEmbedded!(source, photo!.attachments[0]!.embedded!);
    expect(Buffer.concat(await stream.toArray()).equals(expected)).toBe(true);
  });

  it('refuses a reference that does not point at MMS data', async () => {
    const source = createMemorySource({ 'mms.xml': fixture('mms.xml') }, 'file');
    const stream = await extractMmsPart(source, 'mms.xml', 'mms-data@100:269');
    await expect(stream.toArray()).rejects.toThrow(/cannot be read back.*add it again/);
    await expect(extractMmsPart(source, 'mms.xml', 'IMG_0001.jpg')).rejects.toThrow(EvidenceError);
  });

  it('makes a group MMS its own conversation and flags media missing from the backup', async () => {
    const { conversations } = await parseFixture('mms.xml');
    const group = byCorrespondent(conversations, '+33600000077~+33600000078');
    expect(group.header.participants.map((p) => p.id)).toEqual([
      '+33600000077',
      '+33600000078',
      undefined,
    ]);
    expect(group.header.notes.map((note) => renderText('en', note)).join(' ')).toContain(
      '1 MMS attachments are listed without their content',
    );
    const [message] = await collect(group);
    expect(message).toMatchObject({
      sender: '+33600000078',
      text: 'on est deux',
      attachments: [
        { name: 'mms-1710276400000-1.png', kind: 'image', mime: 'image/png', isMissing: true },
      ],
    });
  });
});

describe('SMS Backup & Restore: malformed input', () => {
  it('a truncated file: says where it stops and how many messages came before', async () => {
    const error = await parseError('truncated.xml');
    expect(error.message).toMatch(/"truncated\.xml" ends in the middle of the backup/);
    expect(error.message).toMatch(/after 2 complete messages/);
    expect(error.message).toMatch(/Copy the backup again/);
  });

  it('a file cut inside MMS data', async () => {
    const content = fixture('mms.xml');
    const cut = content.subarray(0, content.indexOf('/9j/') + 40);
    const error = await parseError('mms.xml', cut);
    expect(error.message).toMatch(/ends in the middle of the backup/);
  });

  it('a file that is not UTF-8', async () => {
    const error = await parseError('latin1.xml');
    expect(error.message).toMatch(/"latin1\.xml" is not UTF-8 text.*original backup file/);
  });

  it('a file declaring another encoding', async () => {
    const content = Buffer.from(
      fixture('basic.xml').toString().replace("encoding='UTF-8'", "encoding='ISO-8859-1'"),
    );
    const error = await parseError('basic.xml', content);
    expect(error.message).toMatch(/declares the encoding ISO-8859-1/);
  });

  it('XML that is not well-formed', async () => {
    const error = await parseError('malformed.xml');
    expect(error.message).toMatch(
      /"malformed\.xml" is not well-formed XML at line 4.*make a new backup/,
    );
  });

  it('a calls backup given as SMS', async () => {
    const error = await parseError('calls.xml');
    expect(error.message).toMatch(/root element is <calls>.*not the calls-….xml file/);
  });

  it('something that is not XML at all', async () => {
    const error = await parseError('notes.txt', Buffer.from('hello\n'));
    expect(error.message).toMatch(/"notes\.txt" is not well-formed XML/);
  });
});

describe('SMS Backup & Restore: skipping other correspondents before parsing', () => {
  const fixtures = [
    'basic.xml',
    'surrogates.xml',
    'mms.xml',
    'national-numbers.xml',
    'filter-traps.xml',
  ];
  const read = async (source: ExportSource, path: string, mayBelong?: (a: string) => boolean) => {
    const records: SmsRecord[] = [];
    for await (const record of readSmsBackup(source, path, mayBelong ? { mayBelong } : {})) {
      records.push(record);
    }
    return records;
  };

  it.each(fixtures)(
    '%s: each conversation gets exactly its records, lines and repairs',
    async (name) => {
      const all = await read(createMemorySource({ [name]: fixture(name) }, 'file'), name);
      const conversations = await smsBackupFormat.parse(
        createMemorySource({ [name]: fixture(name) }),
        options,
      );
      for (const size of [1, 2, 5, 64, 1 << 16]) {
        const source = chunkedSource({ [name]: fixture(name) }, size);
        const seen = new Set<number>();
        for (const conversation of conversations) {
          const messages = await collect(conversation);
          expect(messages).toHaveLength(conversation.header.messageCount);
          for (const message of messages) {
            const record = all.find(
              (r) =>
                r.lineStart === message.source.lineStart && r.lineEnd === message.source.lineEnd,
            );
            expect(record, `${name} line ${message.source.lineStart}`).toBeDefined();
            seen.add(record!.ordinal);
          }
        }
        expect(seen.size).toBe(all.length);
        // The filter itself, chunk by chunk: the records it lets through are the same records.
        const only077 = await read(source, name, (address) => address === '+33600000077');
        // Repair positions are in the parser's text, which the filter shortens: compare kinds.
        const comparable = (record?: SmsRecord) =>
          record && { ...record, repairs: record.repairs.map((repair) => repair.kind) };
        for (const record of only077) {
          expect(comparable(all[record.ordinal])).toEqual(comparable(record));
        }
      }
    },
  );

  it('is not fooled by look-alike addresses in bodies, comments, CDATA or instructions', async () => {
    const source = createMemorySource({ 'filter-traps.xml': fixture('filter-traps.xml') }, 'file');
    const records = await read(source, 'filter-traps.xml', (address) => address === '+33600000099');
    expect(records.map((r) => [r.ordinal, r.attributes.address, r.lineStart])).toEqual([
      [1, '+33600000099', 7],
      [2, '+33600000077', 8],
      [3, undefined, 9],
      [5, '+33600000099', 19],
    ]);
    const conversations = await smsBackupFormat.parse(source, options);
    const stranger = conversations.find((c) => c.header.metadata.correspondent === '+33600000077');
    const texts = (await collect(stranger!)).map((m) => m.text);
    expect(texts).toEqual([
      "un faux address='+33600000099' /> et > ici",
      'adresse échappée',
      'sur plusieurs lignes\n😀',
      'guillemets simples "address"',
    ]);
  });

  it('passes everything on when a record is not what it expects', () => {
    const filter = new RecordFilter(() => false);
    const text =
      '<smses>\n<sms address="1" body="x"/>\n<sms address="2" ?? />\n<sms address="3"/>\n</smses>';
    expect(filter.push(text) + filter.flush()).toBe(
      '<smses>\n\n<sms address="2" ?? />\n<sms address="3"/>\n</smses>',
    );
    expect([filter.takeOrdinal(), filter.takeOrdinal()]).toEqual([1, 2]);
  });
});
