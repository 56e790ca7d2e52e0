import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewAdd } from '../../../src/app/add-preview.js';
import { AmbiguousDateOrderError } from '../../../src/chats/date-order-error.js';

const MEDIA = resolve(import.meta.dirname, '../../fixtures/whatsapp/android-fr-media');
const AMBIGUOUS = resolve(import.meta.dirname, '../../fixtures/whatsapp/ambiguous-en.txt');

let dir: string;
let screenshot: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'preuve-preview-'));
  screenshot = join(dir, 'capture.jpg');
  copyFileSync(join(MEDIA, 'IMG-20240311-WA0000.jpg'), screenshot);
  writeFileSync(join(dir, 'notes.txt'), 'une note, pas une discussion\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('previewAdd: the plan of an intake, nothing copied', () => {
  it('lists the chats recognised, what each lets the family keep out, and the files to gate', async () => {
    const plan = await previewAdd({ paths: [MEDIA, screenshot], timeZone: 'Europe/Paris' });
    expect(plan.chats).toHaveLength(1);
    const [chat] = plan.chats;
    expect(chat).toMatchObject({
      path: MEDIA,
      appLabel: 'WhatsApp',
      messageCount: expect.any(Number),
    });
    // Both images of the export (one a message names, one no message names) need a decision.
    expect(chat!.media.map((media) => media.name).sort()).toEqual([
      'IMG-20240311-WA0000.jpg',
      'IMG-20240312-WA0001.jpg',
    ]);
    expect(chat!.media.every((media) => media.container === MEDIA)).toBe(true);
    expect(plan.gatedFiles.map((media) => media.key)).toEqual([screenshot]);
    expect(plan.items).toEqual([
      { path: MEDIA, name: MEDIA, isChat: true },
      { path: screenshot, name: 'capture.jpg', isChat: false },
    ]);
  });

  it('asks for the day/month order when the export does not settle it, then reads it as told', async () => {
    await expect(
      previewAdd({ paths: [AMBIGUOUS], timeZone: 'Europe/Paris' }),
    ).rejects.toBeInstanceOf(AmbiguousDateOrderError);
    const plan = await previewAdd({
      paths: [AMBIGUOUS],
      timeZone: 'Europe/Paris',
      dateOrder: 'mdy',
    });
    expect(plan.chats).toHaveLength(1);
    expect(plan.gatedFiles).toEqual([]);
  });
});
