import { describe, expect, it } from 'vitest';
import { parseWhatsAppExport } from './parse-fixture.js';

describe('WhatsApp iPhone', () => {
  it('fr-FR with BOM, CRLF, LRM marks, < pièce jointe : … >, seconds precision', async () => {
    const { header, messages } = await parseWhatsAppExport('iphone-fr-media');
    expect(header.metadata).toMatchObject({
      platform: 'iphone',
      chatFile: '_chat.txt',
      language: 'fr',
    });
    expect(header.title).toBe('Inconnu_77');
    expect(messages).toHaveLength(5);
    expect(messages[0]).toMatchObject({ flags: { isSystem: true } });
    expect(messages[0]!.sender).toBeUndefined();
    expect(messages[1]).toMatchObject({
      sender: 'Inconnu_77',
      time: {
        wallClock: '2024-03-12T21:40:05',
        instant: '2024-03-12T20:40:05Z',
        zone: 'Europe/Paris',
        precision: 'second',
      },
      text: '',
      attachments: [
        {
          name: '00000012-PHOTO-2024-03-12-21-40-05.jpg',
          kind: 'image',
          exportPath: '00000012-PHOTO-2024-03-12-21-40-05.jpg',
        },
      ],
    });
    expect(messages[2]!.attachments).toEqual([
      { name: '00000013-AUDIO-2024-03-12-21-44-19.opus', kind: 'audio', isMissing: true },
    ]);
    expect(messages[3]).toMatchObject({
      sender: 'Léa',
      text: 'image absente',
      flags: { isMediaOmitted: true },
    });
    // An LRM before the bracket, a CRLF continuation line.
    expect(messages[4]).toMatchObject({
      sender: 'Léa',
      text: 'tu es qui ?\ndis-moi',
      source: { lineStart: 5, lineEnd: 6 },
    });
  });

  it('en-US group: group name with ": " as author of system lines, omitted media, deleted with a dot, phone author', async () => {
    const { header, messages } = await parseWhatsAppExport('iphone-en-us-group.txt');
    expect(header.title).toBe('Family: summer');
    expect(header.participants.map((participant) => participant.name)).toEqual([
      'unknown_77',
      'Sam',
      '+33 6 00 00 00 12',
    ]);
    expect(
      messages.slice(0, 3).map((message) => [message.flags.isSystem, message.sender, message.text]),
    ).toEqual([
      [true, undefined, expect.stringMatching(/^Messages and calls are end-to-end encrypted/)],
      [true, undefined, 'Sam added you'],
      [true, undefined, "Sam changed this group's icon"],
    ]);
    expect(messages[3]).toMatchObject({ text: 'image omitted', flags: { isMediaOmitted: true } });
    expect(messages[4]).toMatchObject({ text: 'video omitted', flags: { isMediaOmitted: true } });
    expect(messages[5]).toMatchObject({
      text: 'This message was deleted.',
      flags: { isDeleted: true },
    });
    expect(messages[6]!.attachments).toEqual([
      { name: '00000014-PHOTO-2024-03-13-08-15-00.jpg', kind: 'image', isMissing: true },
    ]);
    expect(messages[6]!.time).toMatchObject({
      wallClock: '2024-03-13T08:15:00',
      instant: '2024-03-13T07:15:00Z',
    });
    expect(messages[7]).toMatchObject({ sender: '+33 6 00 00 00 12', senderId: '+33600000012' });
  });
});
