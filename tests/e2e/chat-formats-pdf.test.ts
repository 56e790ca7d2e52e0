import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { initCase } from '../helpers/new-case.js';
import { requireTool } from '../helpers/tools.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
// Every test here reads the built PDF back with poppler (its images, its text).
beforeEach((context) => requireTool(context, 'pdfimages', 'pdftotext'));

function newCase(): { root: string; caseDir: string } {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  initCase(caseDir, ['--reference', 'PRV-20261130-7K3Q']);
  return { root, caseDir };
}

/** Builds the dossier and returns the images pdfimages finds in it (page, width, height). */
function buildAndListImages(root: string, caseDir: string): { pdf: string; images: string[] } {
  const out = join(root, 'dossier.zip');
  const build = runPreuve(['build', '--case', caseDir, '--out', out]);
  expect(build.code, build.stderr).toBe(0);
  const pdf = join(root, 'dossier.pdf');
  const list = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
  const images = list
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => `${cols[3]}x${cols[4]}`);
  return { pdf, images };
}

describe('HTML and TikTok exports through add, show and build', () => {
  it('Instagram HTML (FR), Telegram HTML (EN), Messenger HTML (EN), TikTok TXT (FR) and JSON (EN)', () => {
    const { root, caseDir } = newCase();
    const inputs = [
      join(FIXTURES, 'instagram/html-fr'),
      join(FIXTURES, 'telegram/html-en/ChatExport_2024-03-14'),
      join(FIXTURES, 'messenger/html-en'),
      join(FIXTURES, 'tiktok/txt-fr/Direct Messages.txt'),
      join(FIXTURES, 'tiktok/json-en/user_data_tiktok.json'),
    ];
    for (const input of inputs) {
      const added = runPreuve(['add', '--case', caseDir, input]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/conversation/);
    }
    const show = runPreuve(['show', 'P1', '--case', caseDir]);
    expect(show.stdout).toContain('salut, tu te souviens de moi ?');
    expect(show.stdout).toContain('fr: "13 mars 2024 22:45"');
    expect(runPreuve(['show', 'P2', '--case', caseDir]).stdout).toContain('Pay by tomorrow 6 pm');
    expect(runPreuve(['show', 'P4', '--case', caseDir]).stdout).toContain('Envoie 200 €');

    const { pdf, images } = buildAndListImages(root, caseDir);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const words of [
      'tu te souviens de moi',
      'Pay by tomorrow',
      'who are you?',
      'Envoie 200',
      'leave me alone',
    ])
      expect(text).toContain(words);
    // The Instagram JPEG, the Telegram JPEG and the Messenger PNG (converted) at their messages.
    expect(images.filter((size) => size === '160x120')).toHaveLength(3);
  }, 300_000);

  it('an excluded chat picture is described with its hash, never drawn', () => {
    const { root, caseDir } = newCase();
    const added = runPreuve([
      'add',
      '--case',
      caseDir,
      join(FIXTURES, 'instagram/html-fr'),
      '--exclude-attachment',
      '4242424242_111.jpg',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const { pdf, images } = buildAndListImages(root, caseDir);
    expect(images.filter((size) => size === '160x120')).toEqual([]);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('4242424242_111.jpg');
  }, 120_000);

  it('Arabic and Hebrew messages are drawn shaped, right to left; pdftotext gives words in typed order', () => {
    const { root, caseDir } = newCase();
    const added = runPreuve([
      'add',
      '--case',
      caseDir,
      join(FIXTURES, 'rtl/whatsapp-arabic-hebrew.txt'),
    ]);
    expect(added.code, added.stderr).toBe(0);
    const { pdf } = buildAndListImages(root, caseDir);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const word of [
      'ادفع',
      'يورو',
      'وإلا',
      'لا أستطيع',
      'أستطيع',
      'اتركني',
      'שלום',
      'תשלם עד מחר',
    ])
      expect(text).toContain(word);
  }, 120_000);
});
