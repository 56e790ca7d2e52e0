import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';
import { SENSITIVE_SIZE } from '../../fixtures/dossier/synthetic-case.js';
import { canUseTools, requireTool } from '../../helpers/tools.js';
import { pdftotext, type RenderedSample, renderSample, squash } from './render-helpers.js';

const GOLDEN_DIR = 'tests/fixtures/dossier/golden';
const SECTION_KEYS = [
  ['cover', 'cover.title'],
  ['summary', 'summary.title'],
  ['author', 'author.title'],
  ['payments', 'payments.title'],
  ['chronology', 'chronology.title'],
  ['exhibit-index', 'index.title'],
  ['exhibits', 'exhibits.title'],
  ['custody', 'custody.title'],
  ['method', 'method.title'],
  ['offences', 'offences.title'],
] as const;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * `pdftotext -layout` output made stable for golden files: no running header or footer, no
 * trailing spaces, and hashes and byte sizes (which follow sharp's encoder) replaced.
 */
function normaliseLayout(text: string, reference: string, confidential: string): string {
  return text
    .replace(/\f/g, '\n')
    .split('\n')
    .filter((line) => !line.startsWith(reference) && !line.trimStart().startsWith(confidential))
    .map((line) =>
      line
        .replace(/[0-9a-f]{16,}/g, '<hex>')
        .replace(/\d[\d\u202f\u00a0,]* (octets|bytes)/g, 'N $1')
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

for (const language of ['fr', 'en'] as const) {
  describe(`dossier PDF (${language})`, () => {
    let rendered: RenderedSample;
    let text: string;

    beforeAll(async () => {
      rendered = await renderSample(language);
      text = canUseTools('pdftotext') ? pdftotext(rendered.pdf) : '';
    });

    it('passes qpdf --check and embeds every font', (context) => {
      requireTool(context, 'qpdf', 'pdffonts');
      expect(run('qpdf', ['--check', rendered.pdf])).toContain(
        'No syntax or stream encoding errors',
      );
      const fonts = run('pdffonts', [rendered.pdf]).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThanOrEqual(3);
      for (const row of fonts) {
        expect(row).toMatch(/DejaVu/);
        expect(row.split(/\s+/).slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
      }
    });

    it('declares PDF/A-3b, carries metadata, and attaches the manifest', async (context) => {
      requireTool(context, 'pdfinfo', 'pdfdetach');
      const info = run('pdfinfo', ['-isodates', rendered.pdf]);
      expect(info).toContain('Page size:       595.28 x 841.89 pts (A4)');
      expect(info).toMatch(/Title:\s+.*PRV-20261129-7K3Q/);
      expect(info).toMatch(/Author:\s+Sam Martin, Association Exemple Aide/);
      expect(info).toMatch(/CreationDate:\s+2026-11-30T09:15:00Z/);
      const meta = run('pdfinfo', ['-meta', rendered.pdf]);
      expect(meta).toMatch(/pdfaid:part>3</);
      expect(meta).toMatch(/pdfaid:conformance>B</);
      // No reproduced PDF exhibit here: every font is embedded, and the method section says PDF/A.
      expect(text).toMatch(/PDF\/A-3b \((archivage|archival)\)/);
      expect(run('pdfdetach', ['-list', rendered.pdf])).toContain('manifest.json');
      const saved = join(rendered.dir, 'manifest-out.json');
      run('pdfdetach', ['-save', '1', '-o', saved, rendered.pdf]);
      const manifest = JSON.parse(await readFile(saved, 'utf8'));
      expect(manifest.reference).toBe('PRV-20261129-7K3Q');
      expect(manifest.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(manifest)).not.toContain('Tu vas payer');
    });

    it('shows every message text, every SHA-256 and every section title', async (context) => {
      requireTool(context, 'pdftotext');
      const texts = await loadDossierTexts(language);
      const flat = squash(text);
      for (const message of rendered.sample.messages) {
        if (message.text) expect(flat, `message ${message.seq}`).toContain(squash(message.text));
        for (const attachment of message.attachments) {
          expect(flat).toContain(squash(attachment.name));
          if (attachment.sha256) expect(flat).toContain(attachment.sha256);
        }
      }
      for (const exhibit of rendered.sample.caseFile.exhibits) {
        for (const file of exhibit.files) expect(flat, file.name).toContain(file.sha256);
      }
      for (const [, key] of SECTION_KEYS) expect(flat).toContain(squash(texts.t(key)));
    });

    it('prints the commune (or « À compléter »), the images sent and their diffusion on page 2', (context) => {
      requireTool(context, 'pdftotext');
      const page2 = squash(pdftotext(rendered.pdf, ['-f', '2', '-l', '2']));
      if (language === 'fr') {
        expect(page2).toContain(squash("À compléter : la commune de résidence de l'enfant"));
        expect(page2).toContain(squash('Images envoyées par la victime non, selon la famille'));
        expect(page2).toContain(
          squash(
            'oui, les images ont été diffusées (déclaré par la famille) — publication : envoyée à deux camarades de classe sur Instagram — 21/11/2026 — P2',
          ),
        );
      } else {
        expect(page2).toContain(squash("To complete: the child's town of residence"));
        expect(page2).toContain(squash('yes, the images were spread (declared by the family)'));
      }
    });

    it('puts the reference, the exhibit and page n / N on every page', async (context) => {
      requireTool(context, 'pdftotext');
      const texts = await loadDossierTexts(language);
      const pages = text.split('\f').slice(0, rendered.pages);
      expect(pages).toHaveLength(rendered.pages);
      pages.forEach((page, i) => {
        expect(page).toContain('PRV-20261129-7K3Q');
        expect(page).toContain(texts.t('common.page', { n: i + 1, total: rendered.pages }));
        expect(page).toContain(texts.t('common.confidential'));
      });
      const exhibitPages = pages.filter((p) => p.includes(texts.t('common.exhibit', { id: 'P2' })));
      expect(exhibitPages.length).toBeGreaterThanOrEqual(2);
    });

    it('has an outline entry for every section and exhibit', async (context) => {
      requireTool(context, 'qpdf');
      const texts = await loadDossierTexts(language);
      const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', rendered.pdf]));
      const titles: string[] = [];
      const walk = (items: { title: string; kids: unknown[] }[]) => {
        for (const item of items) {
          titles.push(item.title);
          walk(item.kids as never);
        }
      };
      walk(json.outlines);
      for (const [, key] of SECTION_KEYS) expect(titles).toContain(texts.t(key));
      for (const exhibit of rendered.sample.caseFile.exhibits) {
        expect(titles.some((t) => t.includes(`P${exhibit.number} —`))).toBe(true);
      }
    });

    it('never reads nor draws a sensitive exhibit', (context) => {
      requireTool(context, 'pdfimages', 'pdftotext');
      expect(rendered.sample.readers.imageCalls).not.toContain(3);
      expect(rendered.sample.readers.imageCalls).not.toContain(8);
      const images = run('pdfimages', ['-list', rendered.pdf]).split('\n').slice(2).filter(Boolean);
      const sizes = images.map((row) => row.trim().split(/\s+/).slice(3, 5).join('x'));
      expect(sizes).not.toContain(`${SENSITIVE_SIZE.width}x${SENSITIVE_SIZE.height}`);
      expect(squash(text)).toContain(
        squash(language === 'fr' ? 'non copié, non transmis' : 'not copied, not transmitted'),
      );
    });

    it('fits images: the huge one downscaled, the 1-pixel one kept, WebP converted, broken one a placeholder', async (context) => {
      requireTool(context, 'pdfimages', 'pdftotext');
      const texts = await loadDossierTexts(language);
      const rows = run('pdfimages', ['-list', rendered.pdf]).split('\n').slice(2).filter(Boolean);
      const images = rows
        .map((row) => row.trim().split(/\s+/))
        .map((c) => ({ width: Number(c[3]), height: Number(c[4]), enc: c[8] }));
      expect(images.every((i) => i.width <= 1300 && i.height <= 1300)).toBe(true);
      expect(images).toContainEqual({ width: 1300, height: 929, enc: 'jpeg' }); // 7000×5000
      expect(images).toContainEqual({ width: 1, height: 1, enc: 'jpeg' });
      expect(images).toContainEqual({ width: 300, height: 200, enc: 'jpeg' }); // WebP
      expect(squash(text)).toContain(squash(texts.t('exhibits.placeholderTitle')));
      expect(squash(text)).toContain(
        squash(texts.t('exhibits.undecodable', { reason: 'PNG tronqué' })),
      );
    });

    it('matches the golden text of each section', async (context) => {
      requireTool(context, 'pdftotext');
      const texts = await loadDossierTexts(language);
      const whole = normaliseLayout(
        pdftotext(rendered.pdf, ['-layout']),
        'PRV-20261129-7K3Q',
        texts.t('common.confidential'),
      );
      let from = 0;
      const starts = SECTION_KEYS.map(([id, key]) => {
        const at = whole.indexOf(texts.t(key).slice(0, 30), from);
        from = Math.max(from, at + 1);
        return { id, at };
      });
      for (const [i, { id, at }] of starts.entries()) {
        expect(at, id).toBeGreaterThanOrEqual(0);
        const end = starts[i + 1]?.at ?? whole.length;
        const section = `${whole.slice(at, end).trim()}\n`;
        const golden = join(GOLDEN_DIR, language, `${id}.txt`);
        // Only an explicit UPDATE_GOLDEN=1 writes golden files: a missing one fails, so a section
        // is never compared with itself.
        if (process.env.UPDATE_GOLDEN === '1') {
          await mkdir(join(GOLDEN_DIR, language), { recursive: true });
          await writeFile(golden, section);
        }
        expect(existsSync(golden), `${golden} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
        expect(section, `${golden} (UPDATE_GOLDEN=1 to rewrite)`).toBe(
          await readFile(golden, 'utf8'),
        );
      }
    });
  });
}
