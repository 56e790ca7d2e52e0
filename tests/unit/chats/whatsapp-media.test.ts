import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExportSource } from '../../../src/chats/sources/open-export-source.js';
import type { ChatMessage } from '../../../src/model/conversation.js';
import { renderText } from '../../../src/model/messages.js';
import { FIXTURES, parseWhatsAppExport } from './parse-fixture.js';
import { zipFiles } from './zip-tools.js';

const MEDIA = join(FIXTURES, 'android-fr-media');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'preuve-wa-media-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectLinkedAttachments(messages: readonly ChatMessage[], prefix = ''): void {
  expect(messages.map((message) => message.attachments)).toEqual([
    [],
    [],
    [
      {
        name: 'IMG-20240312-WA0001.jpg',
        kind: 'image',
        exportPath: `${prefix}IMG-20240312-WA0001.jpg`,
      },
    ],
    [
      {
        name: 'PTT-20240312-WA0002.opus',
        kind: 'audio',
        exportPath: `${prefix}PTT-20240312-WA0002.opus`,
      },
    ],
    [{ name: 'VID-20240312-WA0003.mp4', kind: 'video', isMissing: true }],
    [],
  ]);
  expect(messages[2]!.text).toBe("c'est toi ?");
}

describe('French Android export with media', () => {
  it('as a folder: links attachments, flags the missing one, lists the unreferenced file', async () => {
    const { header, messages } = await parseWhatsAppExport(MEDIA);
    expect(header.title).toBe('Inconnu_77');
    expectLinkedAttachments(messages);
    expect(header.unreferencedFiles).toEqual(['IMG-20240311-WA0000.jpg']);
    expect(header.notes.map((note) => renderText('en', note)).join(' ')).toMatch(
      /VID-20240312-WA0003\.mp4/,
    );
  });

  it('as a zip (with a sub-folder and Mac litter): same links, through zip entry paths', async () => {
    const root = join(work, 'zip-root');
    const inner = join(root, 'Discussion WhatsApp avec Inconnu_77');
    mkdirSync(root);
    cpSync(MEDIA, inner, { recursive: true });
    writeFileSync(join(inner, '.DS_Store'), 'litter');
    const zipPath = join(work, 'Discussion WhatsApp avec Inconnu_77.zip');
    zipFiles(root, zipPath, ['.']);
    const { header, messages } = await parseWhatsAppExport(zipPath);
    expectLinkedAttachments(messages, 'Discussion WhatsApp avec Inconnu_77/');
    expect(header.unreferencedFiles).toEqual([
      'Discussion WhatsApp avec Inconnu_77/IMG-20240311-WA0000.jpg',
    ]);

    // The linked entry streams the attachment's exact bytes (for hashing in place).
    const source = await openExportSource(zipPath);
    const chunks: Buffer[] = [];
    for await (const chunk of await source.open(messages[2]!.attachments[0]!.exportPath!))
      chunks.push(chunk as Buffer);
    await source.close();
    const expected = createHash('sha256')
      .update(readFileSync(join(MEDIA, 'IMG-20240312-WA0001.jpg')))
      .digest('hex');
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(expected);
  });

  it('iPhone zip holding _chat.txt', async () => {
    const zipPath = join(work, 'WhatsApp Chat - Inconnu_77.zip');
    zipFiles(join(FIXTURES, 'iphone-fr-media'), zipPath, ['.']);
    const { header, messages } = await parseWhatsAppExport(zipPath);
    expect(header.metadata.chatFile).toBe('_chat.txt');
    expect(messages[1]!.attachments[0]).toMatchObject({
      exportPath: '00000012-PHOTO-2024-03-12-21-40-05.jpg',
    });
    expect(header.unreferencedFiles).toEqual([]);
  });
});
