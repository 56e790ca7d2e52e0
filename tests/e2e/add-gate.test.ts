import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { initCase } from '../helpers/new-case.js';
import { zipFiles } from '../helpers/zip.js';

const MEDIA = join(import.meta.dirname, '..', 'fixtures', 'whatsapp', 'android-fr-media');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function newCase() {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  initCase(caseDir, ['--reference', 'PRV-20261130-7K3Q']);
  const zip = join(root, 'chat.zip');
  zipFiles(MEDIA, zip, readdirSync(MEDIA));
  return { root, caseDir, zip };
}

const readCase = (caseDir: string) => JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
const excludedNames = (caseDir: string) =>
  readCase(caseDir)
    .exhibits[0].files.filter((file: { isExcluded?: boolean }) => file.isExcluded)
    .map((file: { name: string }) => file.name)
    .sort();

describe('preuve add without a terminal', () => {
  it('--exclude-attachment before the path does not eat it, and takes a comma list', () => {
    const { caseDir, zip } = newCase();
    const result = runPreuve([
      'add',
      '--case',
      caseDir,
      '--exclude-attachment',
      'IMG-20240312-WA0001.jpg,PTT-20240312-WA0002.opus',
      zip,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(excludedNames(caseDir)).toEqual([
      'IMG-20240311-WA0000.jpg',
      'IMG-20240312-WA0001.jpg',
      'PTT-20240312-WA0002.opus',
      'chat.zip',
    ]);
    // Said in the output: the photo no message names was hashed, not copied.
    expect(result.stdout).toMatch(
      /not copied: IMG-20240311-WA0000\.jpg .*--include-unreferenced-media/,
    );
  });

  it('--exclude-attachment after the path, repeated, works the same', () => {
    const { caseDir, zip } = newCase();
    const result = runPreuve([
      'add',
      zip,
      '--case',
      caseDir,
      '--exclude-attachment',
      'IMG-20240312-WA0001.jpg',
      '--exclude-attachment',
      'PTT-20240312-WA0002.opus',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(excludedNames(caseDir)).toContain('PTT-20240312-WA0002.opus');
    expect(excludedNames(caseDir)).toContain('IMG-20240312-WA0001.jpg');
  });

  it('an option that took the path as its value says so', () => {
    const { caseDir, zip } = newCase();
    const result = runPreuve(['add', '--case', caseDir, '--exclude-attachment', zip]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--exclude-attachment took '.*chat\.zip' as its value/);
  });

  it('a link inside a folder to a file outside it is skipped and said', () => {
    const { root, caseDir } = newCase();
    const folder = join(root, 'captures');
    mkdirSync(folder);
    writeFileSync(join(root, 'secret.txt'), 'not evidence\n');
    writeFileSync(join(folder, 'note.txt'), 'une note\n');
    symlinkSync(join(root, 'secret.txt'), join(folder, 'secret-link.txt'));
    symlinkSync('/etc/shadow', join(folder, 'shadow'));
    symlinkSync('note.txt', join(folder, 'inside-link.txt'));
    const result = runPreuve(['add', '--case', caseDir, folder]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/skipped .*shadow: is a link to a file outside the folder given/);
    expect(result.stdout).toMatch(/skipped .*secret-link\.txt: is a link to a file outside/);
    const names = readCase(caseDir).exhibits.flatMap((exhibit: { files: { name: string }[] }) =>
      exhibit.files.map((file) => file.name),
    );
    expect(names).not.toContain('shadow');
    expect(names).not.toContain('secret-link.txt');
  });

  it('a truncated chat zip is said to be unreadable, and the dossier carries a note', () => {
    const { root, caseDir, zip } = newCase();
    const broken = join(root, 'broken.zip');
    writeFileSync(broken, readFileSync(zip).subarray(0, 600));
    const result = runPreuve(['add', '--case', caseDir, broken]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/broken\.zip: NOT READ AS A CONVERSATION/);
    expect(readCase(caseDir).exhibits[0].notes.join('\n')).toMatch(
      /Ce zip n'a pas pu être lu .* Refaites l'export/,
    );
  });
});
