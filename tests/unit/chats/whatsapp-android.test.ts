import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/model/messages.js';
import { parseWhatsAppExport, summarize } from './parse-fixture.js';

const paris = (wallClock: string, instant: string) => ({
  wallClock,
  instant,
  zone: 'Europe/Paris',
  precision: 'minute',
});

describe('WhatsApp Android, French (no comma, 24 h)', () => {
  it('reads system, multi-line, media omitted, deleted, edited and null messages', async () => {
    const { header, messages } = await parseWhatsAppExport('android-fr.txt');
    expect(header.messageCount).toBe(9);
    expect(messages).toHaveLength(9);
    expect(header.participants).toEqual([
      { name: 'Inconnu_77' },
      { name: 'Léa', isExporter: true },
    ]);
    expect(header.metadata).toMatchObject({
      platform: 'android',
      language: 'fr',
      dateOrder: 'dmy',
    });

    expect(summarize(messages[0]!)).toMatchObject({
      flags: { isSystem: true },
      time: paris('2024-03-12T21:02', '2024-03-12T20:02:00Z'),
    });
    expect(messages[0]!.sender).toBeUndefined();
    expect(messages[0]!.text).toMatch(/^Les messages et les appels sont chiffrés de bout en bout/);

    expect(summarize(messages[1]!)).toEqual({
      sender: 'Inconnu_77',
      time: paris('2024-03-12T21:03', '2024-03-12T20:03:00Z'),
      text: 'salut ça va ?',
      attachments: [],
      flags: {},
    });
    expect(messages[3]).toMatchObject({ text: '<Médias omis>', flags: { isMediaOmitted: true } });
    expect(messages[4]).toMatchObject({
      sender: 'Inconnu_77',
      text: "Tu as jusqu'à demain 18h.\nSinon tout le monde verra les photos.\n\nRéponds.",
      source: { file: 'android-fr.txt', lineStart: 5, lineEnd: 8 },
    });
    expect(messages[4]!.source.raw).toBe(
      "12/03/2024 21:41 - Inconnu_77: Tu as jusqu'à demain 18h.\nSinon tout le monde verra les photos.\n\nRéponds.",
    );
    expect(messages[5]).toMatchObject({ sender: 'Inconnu_77', flags: { isDeleted: true } });
    expect(messages[6]).toMatchObject({
      sender: 'Léa',
      text: 'Vous avez supprimé ce message',
      flags: { isDeleted: true },
    });
    expect(messages[7]).toMatchObject({ text: "j'ai modifié l'heure", flags: { isEdited: true } });
    expect(messages[8]).toMatchObject({ text: '', flags: { isContentMissing: true } });
    expect(messages.map((message) => message.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(header.inferences.find((inference) => inference.kind === 'date-order')).toMatchObject({
      kind: 'date-order',
      decision: 'dates read as day/month/year',
      reason: 'a day greater than 12 appears: 13/03/2024 on line 11',
    });
    expect(header.inferences.find((inference) => inference.kind === 'time-zone')?.decision).toBe(
      'times read as local time in Europe/Paris',
    );
  });

  it('reads a group: system lines containing ": ", additions, security code, phone-number authors', async () => {
    const { header, messages } = await parseWhatsAppExport('android-fr-group.txt');
    expect(header.title).toBe('Famille : été');
    expect(header.participants).toEqual([
      { name: 'Marie' },
      { name: '+33 6 00 00 00 12', id: '+33600000012' },
      { name: 'Léa' },
    ]);
    expect(messages.slice(0, 4).every((message) => message.flags.isSystem && !message.sender)).toBe(
      true,
    );
    expect(messages[0]!.text).toBe('Marie a créé le groupe « Famille : été »');
    expect(messages[4]).toMatchObject({ sender: 'Marie', text: 'Bienvenue : voici le programme' });
    expect(messages[5]).toMatchObject({
      sender: '+33 6 00 00 00 12',
      senderId: '+33600000012',
      text: 'merci',
    });
    expect(messages[6]!.attachments).toEqual([
      { name: 'IMG-20240314-WA0004.jpg', kind: 'image', isMissing: true },
    ]);
    expect(header.inferences.some((inference) => inference.kind === 'author-split')).toBe(true);
  });
});

describe('WhatsApp Android, other locales', () => {
  it('en-US: 12-hour clock with U+202F or a plain space before AM/PM, midnight and noon', async () => {
    const { header, messages } = await parseWhatsAppExport('android-en-us.txt');
    expect(header.metadata.dateOrder).toBe('mdy');
    expect(messages.map((message) => message.time.wallClock)).toEqual([
      '2024-03-12T21:02',
      '2024-03-12T21:03',
      '2024-03-12T23:59',
      '2024-03-13T00:00',
      '2024-03-13T12:30',
      '2024-03-13T13:05',
    ]);
    expect(messages[3]).toMatchObject({ text: '<Media omitted>', flags: { isMediaOmitted: true } });
    expect(messages[4]).toMatchObject({
      text: 'This message was deleted',
      flags: { isDeleted: true },
    });
    expect(header.participants).toContainEqual({ name: 'Lea', isExporter: true });
  });

  it('en-GB with attachment forms, caption, edited marker, null and empty bodies', async () => {
    const { header, messages } = await parseWhatsAppExport('android-en-gb-media.txt');
    expect(messages[0]).toMatchObject({
      text: 'this is you right?',
      attachments: [{ name: 'IMG-20240312-WA0001.jpg', kind: 'image', isMissing: true }],
    });
    expect(messages[1]!.attachments).toEqual([
      { name: 'Invoice.pdf', kind: 'document', isMissing: true },
    ]);
    expect(messages[2]!.attachments[0]).toMatchObject({
      name: 'PTT-20240312-WA0002.opus',
      kind: 'audio',
    });
    expect(messages[3]).toMatchObject({ sender: 'Lea', text: 'stop', flags: { isEdited: true } });
    expect(messages[4]).toMatchObject({ text: '', flags: { isContentMissing: true } });
    expect(messages[5]).toMatchObject({ text: '', flags: { isContentMissing: true } });
    expect(messages[6]!.attachments[0]).toMatchObject({ kind: 'sticker' });
    expect(header.notes.map((note) => renderText('en', note)).join(' ')).toMatch(
      /4 attachment\(s\) named in the chat are not in the export/,
    );
  });

  it('de-DE: dotted dates with a 2-digit year, (Datei angehängt), deleted', async () => {
    const { header, messages } = await parseWhatsAppExport('android-de.txt');
    expect(header.metadata).toMatchObject({ language: 'de', dateOrder: 'dmy' });
    expect(messages[0]!.time).toEqual(paris('2024-03-12T14:23', '2024-03-12T13:23:00Z'));
    expect(messages[1]!.attachments[0]!.name).toBe('IMG-20240312-WA0001.jpg');
    expect(messages[2]!.flags).toEqual({ isDeleted: true });
  });

  it('es: "p. m." / "a. m." with no-break spaces', async () => {
    const { messages, header } = await parseWhatsAppExport('android-es.txt');
    expect(messages.map((message) => message.time.wallClock)).toEqual([
      '2024-03-12T14:23',
      '2024-03-12T11:05',
    ]);
    expect(messages[1]!.flags).toEqual({ isMediaOmitted: true });
    expect(header.inferences[0]!.reason).toMatch(/Spanish/);
  });

  it('en-CA year-first dates with "p.m."; fi "klo" with dotted times; ko 12-hour markers before the time', async () => {
    const canada = await parseWhatsAppExport('android-en-ca.txt');
    expect(canada.messages.map((message) => message.time.wallClock)).toEqual([
      '2024-03-12T14:23',
      '2024-03-12T00:05',
    ]);
    expect(canada.header.inferences.some((inference) => inference.kind === 'date-order')).toBe(
      false,
    );
    const finnish = await parseWhatsAppExport('android-fi.txt');
    expect(finnish.messages.map((message) => message.time.wallClock)).toEqual([
      '2024-03-12T14:23',
      '2024-03-12T14:25',
    ]);
    const korean = await parseWhatsAppExport('android-ko.txt');
    expect(korean.messages.map((message) => [message.sender, message.time.wallClock])).toEqual([
      ['Alex', '2024-03-12T14:23'],
      ['Lea', '2024-03-12T11:05'],
    ]);
  });
});
