import { describe, expect, it } from 'vitest';
import { guessAttachmentKind, readBodyOpening } from '../../../src/chats/formats/whatsapp/body.js';
import { describeStyle, parseHeader } from '../../../src/chats/formats/whatsapp/header.js';
import { readRest } from '../../../src/chats/formats/whatsapp/rest.js';

const LRM = '\u200E';
const NNBSP = '\u202F';
const NBSP = '\u00A0';

describe('parseHeader', () => {
  it.each([
    [
      '12/03/2024 14:23 - Nom : x',
      [12, 3, 2024],
      14,
      23,
      undefined,
      'Nom : x',
      'nn/nn/yyyy hh:mm -',
    ],
    [
      '12/03/2024, 14:23 - Name: x',
      [12, 3, 2024],
      14,
      23,
      undefined,
      'Name: x',
      'nn/nn/yyyy, hh:mm -',
    ],
    [
      `3/12/24, 2:23${NNBSP}PM - A: x`,
      [3, 12, 24],
      14,
      23,
      undefined,
      'A: x',
      'nn/nn/yy, hh:mm AM/PM -',
    ],
    ['3/12/24, 2:23 pm - A: x', [3, 12, 24], 14, 23, undefined, 'A: x', 'nn/nn/yy, hh:mm AM/PM -'],
    ['3/12/24, 12:05 AM - A: x', [3, 12, 24], 0, 5, undefined, 'A: x', 'nn/nn/yy, hh:mm AM/PM -'],
    [
      `${LRM}[12/03/2024 14:23:11] A: x`,
      [12, 3, 2024],
      14,
      23,
      11,
      'A: x',
      '[nn/nn/yyyy hh:mm:ss]',
    ],
    [
      `[3/12/24, 2:23:11${NNBSP}PM] A: x`,
      [3, 12, 24],
      14,
      23,
      11,
      'A: x',
      '[nn/nn/yy, hh:mm:ss AM/PM]',
    ],
    ['12.03.24, 14:23 - A: x', [12, 3, 24], 14, 23, undefined, 'A: x', 'nn.nn.yy, hh:mm -'],
    [
      `12/3/2024, 2:23${NBSP}p.${NBSP}m. - A: x`,
      [12, 3, 2024],
      14,
      23,
      undefined,
      'A: x',
      'nn/nn/yyyy, hh:mm AM/PM -',
    ],
    [
      '2024-03-12, 2:23 p.m. - A: x',
      [2024, 3, 12],
      14,
      23,
      undefined,
      'A: x',
      'yyyy-mm-dd, hh:mm AM/PM -',
    ],
    ['12.3.2024 klo 14.23 - A: x', [12, 3, 2024], 14, 23, undefined, 'A: x', 'nn.nn.yyyy hh:mm -'],
    ['12/03/2024 14:23:11: A: x', [12, 3, 2024], 14, 23, 11, 'A: x', 'nn/nn/yyyy hh:mm:ss:'],
    ['[2018/06/13, 21:25:15] A: x', [2018, 6, 13], 21, 25, 15, 'A: x', '[yyyy/mm/dd, hh:mm:ss]'],
    ['13. 6. 2018. 21:25:15 - A: x', [13, 6, 2018], 21, 25, 15, 'A: x', 'nn.nn.yyyy hh:mm:ss -'],
    [
      '2024. 3. 12. 오후 2:23 - A: x',
      [2024, 3, 12],
      14,
      23,
      undefined,
      'A: x',
      'yyyy.mm.dd hh:mm AM/PM -',
    ],
    [
      '2024/3/12 下午2:23 - A: x',
      [2024, 3, 12],
      14,
      23,
      undefined,
      'A: x',
      'yyyy/mm/dd hh:mm AM/PM -',
    ],
    [
      '\uFEFF12/03/2024 14:23 - A: x',
      [12, 3, 2024],
      14,
      23,
      undefined,
      'A: x',
      'nn/nn/yyyy hh:mm -',
    ],
  ])('%s', (line, fields, hour, minute, second, rest, style) => {
    const header = parseHeader(line);
    expect(header).toBeDefined();
    expect(header!.fields).toEqual(fields);
    expect([header!.hour, header!.minute, header!.second]).toEqual([hour, minute, second]);
    expect(header!.rest).toBe(rest);
    expect(describeStyle(header!.style)).toBe(style);
  });

  it.each([
    'salut',
    '12/03/2024 à 18h tu paies',
    '12/03/2024 25:00 - A: x',
    '3/12/24, 13:00 PM - A: x',
    '[12/03/2024 14:23:11 A: x',
    '12/03/2024 14:23 A: x',
    '14:23 - A: x',
  ])('is not a header: %s', (line) => {
    expect(parseHeader(line)).toBeUndefined();
  });
});

describe('readRest and readBodyOpening', () => {
  it('splits the author at the first ": " unless a system sentence says otherwise', () => {
    expect(readRest('Léa: a: b')).toEqual({ kind: 'message', author: 'Léa', body: 'a: b' });
    expect(readRest('Marie a créé le groupe « A : B »')).toMatchObject({
      kind: 'system-or-message',
    });
    expect(readRest(`Family: summer: ${LRM}Sam added you`)).toMatchObject({
      kind: 'system',
      titleAuthor: 'Family: summer',
      text: 'Sam added you',
    });
    expect(readRest('Vous avez été ajouté')).toMatchObject({ kind: 'system' });
  });

  it.each([
    [
      'IMG-20240312-WA0001.jpg (fichier joint)',
      { kind: 'attachment', fileName: 'IMG-20240312-WA0001.jpg', language: 'fr' },
    ],
    [
      `${LRM}< pièce jointe : 00000012-PHOTO-2024-03-12-21-40-05.jpg >`,
      { kind: 'attachment', language: 'fr' },
    ],
    ['<attached: 00000012-PHOTO-2024-03-12-21-40-05.jpg>', { kind: 'attachment', language: 'en' }],
    ['<Anhang: 00000012-PHOTO-2024-03-12-21-40-05.jpg>', { kind: 'attachment', language: 'de' }],
    [
      'IMG-20240312-WA0001.jpg <attached>',
      { kind: 'attachment', fileName: 'IMG-20240312-WA0001.jpg' },
    ],
    ['doc.pdf (archivo adjunto)', { kind: 'attachment', fileName: 'doc.pdf', language: 'es' }],
    ['<Médias omis>', { kind: 'media-omitted', language: 'fr' }],
    ['image absente', { kind: 'media-omitted', language: 'fr' }],
    [`${LRM}image omitted`, { kind: 'media-omitted', language: 'en' }],
    [`${LRM}Invoice.pdf • 3 pages document omitted`, { kind: 'media-omitted' }],
    ['This message was deleted', { kind: 'deleted', isByExporter: false }],
    ['You deleted this message.', { kind: 'deleted', isByExporter: true }],
    ['Vous avez supprimé ce message', { kind: 'deleted', isByExporter: true, language: 'fr' }],
    ['null', { kind: 'empty' }],
    ['', { kind: 'empty' }],
    ['<View once photo omitted>', { kind: 'view-once' }],
    ['hello', { kind: 'text', text: 'hello' }],
  ])('%s', (body, expected) => {
    expect(readBodyOpening(body)).toMatchObject(expected);
  });

  it('guesses attachment kinds from WhatsApp names', () => {
    expect(
      [
        'IMG-1.jpg',
        'VID-1.mp4',
        'PTT-1.opus',
        'AUD-1.m4a',
        'STK-1.webp',
        'DOC-1.pdf',
        '00000001-GIF-x.mp4',
        'x.bin',
      ].map(guessAttachmentKind),
    ).toEqual(['image', 'video', 'audio', 'audio', 'sticker', 'document', 'video', 'other']);
  });
});
