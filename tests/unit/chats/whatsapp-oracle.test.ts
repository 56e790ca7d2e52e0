import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseString } from 'whatsapp-chat-parser';
import { FIXTURES, parseWhatsAppExport } from './parse-fixture.js';

/**
 * Second opinion: Pustur's whatsapp-chat-parser on the fixtures it handles. It knows no system
 * templates with ": ", no BOM, no edited/deleted markers and builds Dates in the machine zone, so
 * we compare what it does know: message count, senders, text, attachment names and wall-clock time.
 * Not handled by it: BOM files as is, group notices containing ": ", mixed date formats (it reads
 * `30/06/2023` as 2025-06-06 when the rest of the file is month-first).
 */
const HANDLED = [
  'android-fr.txt',
  'android-en-us.txt',
  'android-en-gb-media.txt',
  'android-de.txt',
  'android-es.txt',
  'android-en-ca.txt',
  'android-fi.txt',
  'iphone-fr-media/_chat.txt',
  'android-fr-media/Discussion WhatsApp avec Inconnu_77.txt',
  'dst-paris.txt',
];

const MARKS = /[\u200E\u200F\u202A-\u202E]/g;
const pad = (value: number): string => String(value).padStart(2, '0');

describe('whatsapp-chat-parser agrees with ours', () => {
  for (const name of HANDLED) {
    it(name, async () => {
      const ours = await parseWhatsAppExport(name);
      const text = readFileSync(join(FIXTURES, name), 'utf8').replace(/^\uFEFF/, '');
      const daysFirst = ours.header.metadata.dateOrder === 'dmy';
      const theirs = parseString(text, { parseAttachments: true, daysFirst });
      expect(theirs.length).toBe(ours.messages.length);
      expect(theirs.length).toBe(ours.header.messageCount);
      ours.messages.forEach((message, index) => {
        const other = theirs[index]!;
        const label = `${name} message ${index}`;
        if (!message.flags.isSystem) {
          expect((other.author ?? '').replace(MARKS, '').replace(/\u00A0/g, ' '), label).toBe(
            message.sender,
          );
        }
        const theirText = other.message.replace(/^\u200E/, '').replace(/\n$/, '');
        if (message.attachments.length > 0 && other.attachment) {
          expect(other.attachment.fileName, label).toBe(message.attachments[0]!.name);
        } else if (
          !message.flags.isEdited &&
          !message.flags.isContentMissing &&
          message.attachments.length === 0
        ) {
          expect(theirText, label).toBe(message.text);
        }
        // Same wall clock, whatever zone each parser then applies (theirs: the machine's).
        const date = other.date;
        const wallClock = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
        if (!message.time.isDstAmbiguous)
          expect(message.time.wallClock!.slice(0, 16), label).toBe(wallClock);
      });
    });
  }
});
