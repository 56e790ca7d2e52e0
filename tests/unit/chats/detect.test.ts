import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectChatFormat } from '../../../src/chats/detect.js';
import { whatsappDescriptor } from '../../../src/chats/formats/whatsapp/descriptor.js';
import { chatFormats } from '../../../src/chats/registry.js';
import { openExportSource } from '../../../src/chats/sources/open-export-source.js';
import { EvidenceError, UsageError } from '../../../src/model/errors.js';
import { createMemorySource } from '../../helpers/memory-source.js';
import { FIXTURES } from './parse-fixture.js';
import { zipFiles } from './zip-tools.js';

const whatsappFormat = await whatsappDescriptor.load();

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'preuve-detect-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Deterministic bytes that are not text. */
function garbage(length: number): Buffer {
  const blocks: Buffer[] = [];
  let block = Buffer.from('seed');
  while (blocks.length * 32 < length) {
    block = createHash('sha256').update(block).digest();
    blocks.push(block);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

describe('detectChatFormat', () => {
  it('registers WhatsApp', () => {
    expect(chatFormats.map((format) => format.id)).toContain('whatsapp');
  });

  it('recognises WhatsApp exports as .txt, folder and every fixture', async () => {
    for (const name of [
      'android-fr.txt',
      'iphone-en-us-group.txt',
      'android-ko.txt',
      'iphone-fr-media',
      'android-fr-media',
    ]) {
      const source = await openExportSource(join(FIXTURES, name));
      const detected = await detectChatFormat(source);
      expect(detected?.format.id, name).toBe('whatsapp');
      expect(detected!.confidence).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('returns null for binary garbage named .txt, and parsing it anyway fails clearly', async () => {
    const path = join(work, 'chat.txt');
    writeFileSync(path, garbage(4096));
    const source = await openExportSource(path);
    expect(await detectChatFormat(source)).toBeNull();
    await expect(whatsappFormat.parse(source, { timeZone: 'Europe/Paris' })).rejects.toThrow(
      /No WhatsApp chat found in the file '.*chat\.txt'/,
    );
  });

  it('returns null for ordinary prose', async () => {
    const source = createMemorySource(
      { 'notes.txt': 'Compte rendu du 12/03/2024.\nRien à signaler.\n' },
      'file',
    );
    expect(await detectChatFormat(source)).toBeNull();
  });

  it('returns null for a zip without a chat file; forcing WhatsApp then says what is missing', async () => {
    const dir = join(work, 'photos');
    mkdirSync(dir);
    writeFileSync(join(dir, 'IMG-20240312-WA0001.jpg'), garbage(300));
    const zipPath = join(work, 'photos.zip');
    zipFiles(dir, zipPath, ['.']);
    const source = await openExportSource(zipPath);
    expect(await detectChatFormat(source)).toBeNull();
    const forced = await detectChatFormat(source, 'whatsapp');
    expect(forced).toEqual({ format: whatsappFormat, confidence: 0 });
    const error = await whatsappFormat
      .parse(source, { timeZone: 'Europe/Paris' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/No WhatsApp chat found in the zip/);
    await source.close();
  });

  it('refuses an unknown --format, listing the supported ones', async () => {
    const source = createMemorySource({ 'a.txt': 'x' }, 'file');
    await expect(detectChatFormat(source, 'myspace')).rejects.toThrow(UsageError);
    await expect(detectChatFormat(source, 'myspace')).rejects.toThrow(
      /Supported formats: .*whatsapp/,
    );
  });
});
