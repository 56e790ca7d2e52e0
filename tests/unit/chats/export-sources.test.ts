import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSource } from '../../../src/chats/export-source.js';
import { openExportSource } from '../../../src/chats/sources/open-export-source.js';
import { DEFAULT_ZIP_LIMITS } from '../../../src/chats/sources/zip-source.js';
import { EvidenceError, UsageError } from '../../../src/model/errors.js';
import { FIXTURES } from './parse-fixture.js';
import { forgeUncompressedSize, renameEntry, zipFiles } from './zip-tools.js';

let work: string;
const MEDIA = join(FIXTURES, 'android-fr-media');
const CHAT = 'Discussion WhatsApp avec Inconnu_77.txt';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'preuve-sources-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function readAll(source: ExportSource, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await source.open(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (buffer: Buffer): string => createHash('sha256').update(buffer).digest('hex');

describe('openExportSource: single file and folder', () => {
  it('opens a text file as a one-entry source', async () => {
    const source = await openExportSource(join(FIXTURES, 'android-fr.txt'));
    expect(source.container).toBe('file');
    expect(source.entries).toEqual([{ path: 'android-fr.txt', size: 662 }]);
    expect((await source.read('android-fr.txt', 10)).toString()).toBe('12/03/2024');
    await expect(source.open('other.txt')).rejects.toThrow(EvidenceError);
  });

  it('walks a folder recursively, skipping OS litter', async () => {
    const folder = join(work, 'folder');
    cpSync(MEDIA, folder, { recursive: true });
    mkdirSync(join(folder, 'sub'));
    mkdirSync(join(folder, '__MACOSX'));
    writeFileSync(join(folder, 'sub', 'note.txt'), 'x');
    for (const litter of [
      '.DS_Store',
      'Thumbs.db',
      'desktop.ini',
      '._IMG-20240312-WA0001.jpg',
      '__MACOSX/x',
    ]) {
      writeFileSync(join(folder, litter), 'litter');
    }
    symlinkSync(join(folder, 'sub', 'note.txt'), join(folder, 'link-inside.txt'));
    const source = await openExportSource(folder);
    expect(source.container).toBe('folder');
    expect(source.entries.map((entry) => entry.path)).toEqual([
      CHAT,
      'IMG-20240311-WA0000.jpg',
      'IMG-20240312-WA0001.jpg',
      'PTT-20240312-WA0002.opus',
      'link-inside.txt',
      'sub/note.txt',
    ]);
    expect((await readAll(source, 'link-inside.txt')).toString()).toBe('x');
  });

  it('refuses a symbolic link leading out of the folder', async () => {
    const folder = join(work, 'escape');
    mkdirSync(folder);
    writeFileSync(join(work, 'outside.txt'), 'secret');
    symlinkSync(join(work, 'outside.txt'), join(folder, 'chat.txt'));
    await expect(openExportSource(folder)).rejects.toThrow(/symbolic link .* outside the export/);
  });

  it('says when the path does not exist', async () => {
    await expect(openExportSource(join(work, 'nope.zip'))).rejects.toThrow(UsageError);
  });
});

describe('openExportSource: ZIP read in place', () => {
  it('streams entries byte-identical to the originals, skipping __MACOSX and ._ files', async () => {
    const folder = join(work, 'zip-src');
    cpSync(MEDIA, folder, { recursive: true });
    mkdirSync(join(folder, '__MACOSX'));
    writeFileSync(join(folder, '__MACOSX', `._${CHAT}`), 'apple double');
    writeFileSync(join(folder, '.DS_Store'), 'litter');
    const zipPath = join(work, 'export.zip');
    zipFiles(folder, zipPath, ['.']);
    // The name does not matter: a zip is recognised by its first bytes.
    const renamed = join(work, 'export.bin');
    cpSync(zipPath, renamed);
    const source = await openExportSource(renamed);
    expect(source.container).toBe('zip');
    expect(source.entries.map((entry) => entry.path).sort()).toEqual(
      [
        CHAT,
        'IMG-20240311-WA0000.jpg',
        'IMG-20240312-WA0001.jpg',
        'PTT-20240312-WA0002.opus',
      ].sort(),
    );
    const original = readFileSync(join(MEDIA, 'IMG-20240312-WA0001.jpg'));
    expect(sha256(await readAll(source, 'IMG-20240312-WA0001.jpg'))).toBe(sha256(original));
    expect((await source.read(CHAT, 10)).toString()).toBe('12/03/2024');
    await expect(source.open('absent.jpg')).rejects.toThrow(EvidenceError);
    await source.close();
  });

  it('refuses a password-protected zip with a clear message', async () => {
    const zipPath = join(work, 'encrypted.zip');
    zipFiles(MEDIA, zipPath, [CHAT], { password: 'secret' });
    await expect(openExportSource(zipPath)).rejects.toThrow(/this zip is password-protected/);
  });

  it('refuses a zip-slip entry (../)', async () => {
    const dir = join(work, 'slip');
    mkdirSync(join(dir, 'xx'), { recursive: true });
    writeFileSync(join(dir, 'xx', 'evil.txt'), 'owned');
    const zipPath = join(work, 'slip.zip');
    zipFiles(dir, zipPath, ['xx/evil.txt']);
    renameEntry(zipPath, 'xx/evil.txt', '../evil.txt');
    const error = await openExportSource(zipPath).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as Error).message).toMatch(/unsafe path \('\.\.\/evil\.txt'.*zip-slip/);
  });

  it('refuses an absolute entry path', async () => {
    const dir = join(work, 'absolute');
    mkdirSync(join(dir, 'x'), { recursive: true });
    writeFileSync(join(dir, 'x', 'etc.txt'), 'owned');
    const zipPath = join(work, 'absolute.zip');
    zipFiles(dir, zipPath, ['x/etc.txt']);
    renameEntry(zipPath, 'x/etc.txt', '/xetc.txt');
    await expect(openExportSource(zipPath)).rejects.toThrow(/unsafe path \('\/xetc\.txt'/);
  });

  it('refuses a symbolic-link entry', async () => {
    const dir = join(work, 'symlink-zip');
    mkdirSync(dir);
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    const zipPath = join(work, 'symlink.zip');
    zipFiles(dir, zipPath, ['passwd'], { keepSymlinks: true });
    await expect(openExportSource(zipPath)).rejects.toThrow(/symbolic link 'passwd'/);
  });

  it('refuses a zip bomb by its compression ratio', async () => {
    const dir = join(work, 'bomb');
    mkdirSync(dir);
    writeFileSync(join(dir, 'zeros.txt'), Buffer.alloc(4 * 1024 * 1024));
    const zipPath = join(work, 'bomb.zip');
    zipFiles(dir, zipPath, ['zeros.txt'], { level: 9 });
    await expect(openExportSource(zipPath)).rejects.toThrow(
      /looks like a zip bomb: entry 'zeros.txt' .* compressed \d+ to 1/,
    );
  });

  it('refuses an archive over the total size cap', async () => {
    const zipPath = join(work, 'media.zip');
    zipFiles(MEDIA, zipPath, ['.']);
    await expect(
      openExportSource(zipPath, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 600 }),
    ).rejects.toThrow(/inflates beyond the size cap/);
  });

  it('counts the bytes actually inflated, not the sizes the header declares', async () => {
    const dir = join(work, 'liar');
    mkdirSync(dir);
    writeFileSync(join(dir, 'chat.txt'), '12/03/2024 21:03 - A: x\n'.repeat(5000));
    const zipPath = join(work, 'liar.zip');
    zipFiles(dir, zipPath, ['chat.txt']);
    forgeUncompressedSize(zipPath, 1000);
    const source = await openExportSource(zipPath);
    expect(source.entries).toEqual([{ path: 'chat.txt', size: 1000 }]);
    await expect(readAll(source, 'chat.txt')).rejects.toThrow(
      /zip bomb: entry 'chat.txt' .* more bytes than its header declares/,
    );
    await source.close();
  });

  it('reports a truncated zip and a damaged one', async () => {
    const zipPath = join(work, 'whole.zip');
    zipFiles(MEDIA, zipPath, ['.']);
    const bytes = readFileSync(zipPath);
    const truncated = join(work, 'truncated.zip');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(openExportSource(truncated)).rejects.toThrow(
      /cannot be read: it is truncated or damaged/,
    );
    const damaged = join(work, 'damaged.zip');
    writeFileSync(
      damaged,
      Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]),
    );
    await expect(openExportSource(damaged)).rejects.toThrow(EvidenceError);
  });
});
