import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
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

/**
 * One case holds the five HTML and TikTok exports and the Arabic and Hebrew chat, built once:
 * the first and the last test below read its dossier (the chat adds no image, and its messages
 * no words of the others).
 */
let shared: ReturnType<typeof buildSharedCase> | undefined;
function readSharedCase() {
  shared ??= buildSharedCase();
  return shared;
}

async function buildSharedCase() {
  const { root, caseDir } = newCase();
  const inputs = [
    join(FIXTURES, 'instagram/html-fr'),
    join(FIXTURES, 'telegram/html-en/ChatExport_2024-03-14'),
    join(FIXTURES, 'messenger/html-en'),
    join(FIXTURES, 'tiktok/txt-fr/Direct Messages.txt'),
    join(FIXTURES, 'tiktok/json-en/user_data_tiktok.json'),
  ];
  // The first export's add, the first show and the build spawned; the other adds (the Arabic and
  // Hebrew chat's too) and shows with the CLI in this process (the same commands).
  const added = [runPreuve(['add', '--case', caseDir, inputs[0]!])];
  for (const input of inputs.slice(1))
    added.push(await runPreuveInProcess(['add', '--case', caseDir, input]));
  const rtl = await runPreuveInProcess([
    'add',
    '--case',
    caseDir,
    join(FIXTURES, 'rtl/whatsapp-arabic-hebrew.txt'),
  ]);
  const shows = [runPreuve(['show', 'P1', '--case', caseDir])];
  for (const id of ['P2', 'P4'])
    shows.push(await runPreuveInProcess(['show', id, '--case', caseDir]));
  const { pdf, images } = buildAndListImages(root, caseDir);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  return { added, rtl, shows, text, images };
}

describe('HTML and TikTok exports through add, show and build', () => {
  it('Instagram HTML (FR), Telegram HTML (EN), Messenger HTML (EN), TikTok TXT (FR) and JSON (EN)', async () => {
    const { added, shows, text, images } = await readSharedCase();
    for (const result of added) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/conversation/);
    }
    const [show, showP2, showP4] = shows;
    expect(show!.stdout).toContain('salut, tu te souviens de moi ?');
    expect(show!.stdout).toContain('fr: "13 mars 2024 22:45"');
    expect(showP2!.stdout).toContain('Pay by tomorrow 6 pm');
    expect(showP4!.stdout).toContain('Envoie 200 €');

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

  it('Arabic and Hebrew messages are drawn shaped, right to left; pdftotext gives words in typed order', async () => {
    const { rtl, text } = await readSharedCase();
    expect(rtl.code, rtl.stderr).toBe(0);
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
