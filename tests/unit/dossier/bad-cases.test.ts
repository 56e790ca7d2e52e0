import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { assembleDossier } from '../../../src/dossier/assemble.js';
import { EmojiImages } from '../../../src/dossier/pdf/emoji.js';
import { dejavuFontPath, registerFonts } from '../../../src/dossier/pdf/fonts.js';
import { prepareRendition } from '../../../src/dossier/pdf/images.js';
import { renderDossierPdf } from '../../../src/dossier/pdf/render.js';
import { TextEngine } from '../../../src/dossier/pdf/rich-text.js';
import { EvidenceError } from '../../../src/model/errors.js';
import { computeFingerprint } from '../../../src/model/fingerprint.js';
import { buildSyntheticCase, GENERATED_AT } from '../../fixtures/dossier/synthetic-case.js';
import { requireTool } from '../../helpers/tools.js';
import { pdftotext, squash } from './render-helpers.js';

function engine() {
  const doc = new PDFDocument({ font: dejavuFontPath('regular'), size: 'A4' });
  return new TextEngine(doc, registerFonts(doc), new EmojiImages());
}

const BODY = { font: 'regular', size: 9 } as const;

describe('TextEngine fallback chain', () => {
  it('keeps Latin, Greek and Cyrillic as text in the asked font', () => {
    const pieces = engine().segment('Élodie — Привет Ελληνικά', BODY);
    expect(pieces).toEqual([
      expect.objectContaining({ kind: 'text', font: 'regular', text: 'Élodie — Привет Ελληνικά' }),
    ]);
  });

  it('draws colour emoji as images, ZWJ sequences and skin tones included', () => {
    const pieces = engine().segment('ok 😀 👍🏽 👨‍👩‍👧 ❤️', BODY);
    const emoji = pieces.filter((p) => p.kind === 'emoji');
    expect(emoji.map((p) => (p.kind === 'emoji' ? p.actual : ''))).toEqual([
      '😀',
      '👍🏽',
      '👨‍👩‍👧',
      '❤️',
    ]);
  });

  it('marks a script no font covers with its code points, without crashing', () => {
    const pieces = engine().segment('中文 ok', BODY);
    expect(pieces[0]).toMatchObject({ kind: 'marker', actual: '中', label: '[U+4E2D]' });
    expect(pieces[1]).toMatchObject({ kind: 'marker', label: '[U+6587]' });
    expect(pieces[2]).toMatchObject({ kind: 'text', text: ' ok' });
  });

  it('falls back from bold to regular for a glyph only the regular face has', () => {
    const e = engine();
    // U+2654 (chess king) is in DejaVu Sans but not in DejaVu Sans Bold.
    const pieces = e.segment('♔', { font: 'bold', size: 9 });
    expect(pieces[0]).toMatchObject({ kind: 'text' });
  });

  it('cuts a word longer than the line', () => {
    const lines = engine().layout('x'.repeat(400), BODY, 100);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(100.5);
  });
});

describe('dossier bad cases', () => {
  async function render(
    mutate: (c: Awaited<ReturnType<typeof buildSyntheticCase>>) => void,
    outName = 'out.pdf',
  ) {
    const dir = await mkdtemp(join(tmpdir(), 'preuve-bad-'));
    const sample = await buildSyntheticCase(dir, { messageCount: 12 });
    mutate(sample);
    const model = assembleDossier({
      caseFile: sample.caseFile,
      custody: sample.custody,
      fingerprint: computeFingerprint(sample.caseFile.exhibits),
      generatedAt: GENERATED_AT,
      toolVersion: '0.1.0',
      machine: { os: 'Linux', node: '20.20.0' },
    });
    const outFile = join(dir, outName);
    const result = await renderDossierPdf(model, { outFile, ...sample.readers });
    return { dir, outFile, result, text: pdftotext(outFile) };
  }

  it('prints "non renseigné" for every missing fact', async (context) => {
    requireTool(context, 'pdftotext');
    const { text } = await render((s) => {
      (s.caseFile as { facts: object }).facts = {};
    });
    const summary = text.slice(
      text.indexOf('Éléments de la plainte'),
      text.indexOf('Identifiants de l'),
    );
    expect(summary.match(/non renseigné/g)?.length).toBeGreaterThanOrEqual(9);
    expect(text).toContain("Aucun identifiant de l'auteur n'a été renseigné.");
    expect(text).toContain("Aucune demande ni aucun paiement n'a été renseigné.");
  });

  it('shows a placeholder when the stored copy of an image is missing', async (context) => {
    requireTool(context, 'pdftotext');
    const { text } = await render((s) => {
      s.readers.readImage = () => null;
    });
    expect(squash(text)).toContain(
      squash("Aucune copie de cette image n'est disponible dans le dossier."),
    );
  });

  it('fails with an EvidenceError and leaves no partial file when the PDF cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preuve-bad-'));
    const sample = await buildSyntheticCase(dir, { messageCount: 3 });
    const model = assembleDossier({
      caseFile: sample.caseFile,
      custody: [],
      fingerprint: computeFingerprint(sample.caseFile.exhibits),
      generatedAt: GENERATED_AT,
      toolVersion: '0.1.0',
      machine: { os: 'Linux', node: '20.20.0' },
    });
    const readers = {
      ...sample.readers,
      readMessages: () =>
        (async function* () {
          yield* [];
          throw new Error('derived/P2/messages.jsonl is truncated');
        })(),
    };
    const outFile = join(dir, 'broken.pdf');
    await expect(renderDossierPdf(model, { outFile, ...readers })).rejects.toBeInstanceOf(
      EvidenceError,
    );
    expect(existsSync(outFile)).toBe(false);
    expect((await readdir(dir)).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('renders a conversation of messages in a script the fonts do not cover', async (context) => {
    requireTool(context, 'pdftotext', 'qpdf');
    const { outFile, text } = await render((s) => {
      s.readers.readMessages = () =>
        (async function* () {
          for (let seq = 0; seq < 5; seq++) {
            yield {
              seq,
              sender: '山田',
              text: 'こんにちは、元気ですか？ नमस्ते 🙂',
              time: { instant: `2026-11-20T20:0${seq}:00Z`, precision: 'second' as const },
              attachments: [],
              flags: {},
              source: { file: 'x' },
            };
          }
        })();
    });
    expect(execFileSync('qpdf', ['--check', outFile], { encoding: 'utf8' })).toContain('No syntax');
    // The marker is drawn, the original text stays extractable (ActualText).
    expect(text).toContain('こんにちは');
  });
});

describe('image renditions', () => {
  it('decodes an HEVC HEIC that sharp cannot read (heic-decode)', async () => {
    // A 120×80 blue image made once with heif-enc (Debian libheif-examples).
    const rendition = await prepareRendition('tests/fixtures/images/blue-120x80.heic');
    expect(rendition).toMatchObject({ kind: 'image', width: 120, height: 80 });
  });

  it('gives a placeholder with the reason for bytes that are no image', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preuve-img-'));
    await writeFile(join(dir, 'x.jpg'), Buffer.from('ffd8ffe000104a464946', 'hex'));
    expect(await prepareRendition(join(dir, 'x.jpg'))).toMatchObject({
      kind: 'placeholder',
      reason: 'undecodable',
    });
  });
});
