import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChatScreenshot } from '../helpers/chat-screenshot.js';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { requireTool } from '../helpers/tools.js';

/** What each synthetic screenshot carries, as the findings normalise it. */
const PLANTED_FR = [
  'handle @inconnu.exemple_77',
  'phone +33600000041',
  'amount 150 EUR',
  'voucher 4KQ7X2M98TBZ',
  'iban FR7630006000011234567890189',
  'bitcoin bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
];
const PLANTED_EN = [
  'handle @unknown.example_88',
  'phone +33600000042',
  'amount 200 USD',
  'voucher 9HJ4K2LM7QWE',
  'iban GB82WEST12345698765432',
  'bitcoin 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
];

let dir: string;
let caseDir: string;
let sensitiveSha = '';
let findings: {
  id: string;
  kind: string;
  normalized: string;
  validity: string;
  occurrences: { place: { exhibit: string } }[];
}[];

beforeAll(async () => {
  dir = makeTempDir('preuve-findings-ocr-');
  caseDir = join(dir, 'case');
  const fr = await renderChatScreenshot('@inconnu.exemple_77', [
    { lines: ['coucou, mon num : +33 6 00 00 00 41'] },
    { lines: ['Tu paies 150 € en coupons PCS', "ou j'envoie ta photo à tes amis."] },
    { lines: ['non stp'], isMine: true },
    { lines: ['code PCS : 4KQ7 X2M9 8TBZ'], isMine: true },
    { lines: ['Le reste par virement :', 'IBAN FR76 3000 6000 0112 3456 7890 189'] },
    { lines: ['ou en bitcoin :', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'] },
  ]);
  const en = await renderChatScreenshot('@unknown.example_88', [
    { lines: ['text me on +33 6 00 00 00 42'] },
    { lines: ['Send me $200 or I will send the pics', 'to all your followers. You have 2 hours.'] },
    { lines: ['PCS code: 9HJ4 K2LM 7QWE'], isMine: true },
    { lines: ['Or a transfer: IBAN', 'GB82 WEST 1234 5698 7654 32'] },
    { lines: ['Or bitcoin:', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'] },
  ]);
  writeFileSync(join(dir, 'capture-fr.png'), fr);
  writeFileSync(join(dir, 'capture-en.png'), en);
  // A "sensitive" image that also holds text: no byte of it may be read.
  const sensitiveCopy = await renderChatScreenshot('@secret.sensible_99', [
    { lines: ['+33 6 00 00 00 77'] },
  ]);
  writeFileSync(join(dir, 'intime.png'), sensitiveCopy);
  // init with the CLI in this process; the adds (the OCR, the sensitive image) and findings spawned.
  expect(
    (await runPreuveInProcess(['init', caseDir, '--reference', 'PRV-20261130-7K3Q'])).code,
  ).toBe(0);
  expect(
    runPreuve(['add', '--case', caseDir, join(dir, 'capture-fr.png'), join(dir, 'capture-en.png')])
      .code,
  ).toBe(0);
  expect(
    runPreuve([
      'add',
      '--case',
      caseDir,
      '--sensitive',
      '--description',
      'Photo intime (test)',
      join(dir, 'intime.png'),
    ]).code,
  ).toBe(0);
  const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
  sensitiveSha = caseFile.exhibits[2].files[0].sha256;
  const result = runPreuve(['findings', '--json', '--case', caseDir]);
  expect(result.code).toBe(0);
  findings = JSON.parse(result.stdout).findings;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findings from synthetic chat screenshots (offline OCR)', () => {
  it('finds at least 95 % of the planted identifiers, French and English', () => {
    const found = new Set(findings.map((f) => `${f.kind} ${f.normalized}`));
    const planted = [...PLANTED_FR, ...PLANTED_EN];
    const missed = planted.filter((p) => !found.has(p));
    expect(
      (planted.length - missed.length) / planted.length,
      `missed: ${missed.join(', ')}`,
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('reports no IBAN or crypto address as valid unless its checksum passes', () => {
    const valid = findings.filter(
      (f) => ['iban', 'bitcoin', 'ethereum', 'tron'].includes(f.kind) && f.validity === 'valid',
    );
    for (const finding of valid)
      expect([...PLANTED_FR, ...PLANTED_EN]).toContain(`${finding.kind} ${finding.normalized}`);
  });

  it('never reads a sensitive file: no OCR stored for it, no finding from it', () => {
    expect(existsSync(join(caseDir, 'derived', 'ocr', `${sensitiveSha}.json`))).toBe(false);
    expect(findings.some((f) => f.occurrences.some((o) => o.place.exhibit === 'P3'))).toBe(false);
    expect(findings.some((f) => f.normalized === '+33600000077')).toBe(false);
  });
});

describe('the dossier of a case with OCR-ed screenshots (issue 14 points 1 and 5)', () => {
  let pdf: string;
  const pdfText = (page?: number) =>
    spawnSync(
      'pdftotext',
      ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), pdf, '-'],
      { encoding: 'utf8' },
    ).stdout;

  beforeAll(async () => {
    // The family keeps the author's phone number; everything else stays unconfirmed. The accept
    // with the CLI in this process, the build spawned.
    const phone = findings.find((f) => f.kind === 'phone' && f.normalized === '+33600000041')!;
    const accepted = await runPreuveInProcess([
      'findings',
      'accept',
      phone.id,
      '--case',
      caseDir,
      '-y',
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    mkdirSync(join(dir, 'out'));
    const built = runPreuve(['build', '--case', caseDir, '--out', join(dir, 'out', 'd.zip'), '-y']);
    expect(built.code, built.stderr).toBe(0);
    pdf = join(dir, 'out', 'd.pdf');
  }, 120_000);

  it("lays the screenshot's words over the image as invisible, searchable text", (context) => {
    requireTool(context, 'pdftotext', 'pdfinfo');
    const pages = Number(
      /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1],
    );
    const page = [...Array(pages).keys()]
      .map((i) => i + 1)
      .find((p) => /Pièce P1 —/.test(pdfText(p)))!;
    const words = [
      ...spawnSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], {
        encoding: 'utf8',
      }).stdout.matchAll(/xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</g),
    ].map((m) => ({ x: Number(m[1]), word: m[2]! }));
    // The box of read text is beside the picture, on its right; the invisible layer lies on the
    // picture, word by word, left of the box.
    const boxLeft = words.find((w) => w.word === 'Texte')!.x;
    const text = (w: { x: number; word: string }) => w.word;
    const onImage = words.filter((w) => w.x < boxLeft - 4).map(text);
    const inBox = words.filter((w) => w.x >= boxLeft).map(text);
    expect(onImage).toContain('coucou,');
    expect(onImage).toContain('PCS');
    expect(inBox).toContain('coucou,');
  });

  it('lists the findings not accepted in an annex, never as facts, and none from the sensitive file', (context) => {
    requireTool(context, 'pdftotext');
    const text = pdfText();
    const start = text.indexOf('Éléments relevés automatiquement, non confirmés\n');
    expect(start).toBeGreaterThan(0);
    const annex = text.slice(start).replace(/\s+/g, ' ');
    const facts = text.slice(0, start).replace(/\s+/g, ' ');
    expect(annex).toContain('FR7630006000011234567890189');
    // Table cells are interleaved line by line in the text: check the words of the "Vérification" column.
    expect(annex).toContain('validé (somme');
    expect(annex).toContain('lu, non');
    expect(annex).toContain('corrigé');
    expect(annex).toMatch(/P1, sur l'image/);
    expect(facts).not.toContain('FR7630006000011234567890189');
    // The accepted number is a fact, not in the annex.
    expect(annex).not.toContain('+33600000041');
    expect(facts).toContain('+33600000041');
    expect(text).not.toContain('secret.sensible');
    expect(text).not.toContain('00 00 00 77');
  });
});
