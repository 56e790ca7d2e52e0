import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import { canUseTools, requireTool } from '../helpers/tools.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const EMAIL = `Received: from mail.example.net (mail.example.net [203.0.113.11])
        by mx.example.org with ESMTPS id 4Tv0000009
        for <lea.martin@example.org>; Thu, 14 Mar 2024 10:00:02 +0100
Authentication-Results: mx.example.org; dkim=pass header.d=example.net header.s=s1; spf=pass smtp.mailfrom=example.net; dmarc=fail header.from=example.net
From: Inconnu 77 <inconnu77@example.net>
To: Lea <lea.martin@example.org>
Subject: Dernier avertissement
Date: Thu, 14 Mar 2024 10:00:00 +0100
Message-ID: <demande-btc@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Tu as 24 h pour envoyer 500 euros en Bitcoin a l'adresse bc1qexample0000000000000000000000000000.
Sinon j'envoie les photos a tous tes contacts.
`;

/** A one-page PDF receipt, written by hand so the test needs no PDF library. */
function receiptPdf(): Buffer {
  const content =
    'BT /F1 14 Tf 72 760 Td (Recu coupon PCS) Tj 0 -24 Td (Code RECH : 1234 5678 9012 3456) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Each PDF's text read once by pdftotext -layout (and -bbox), kept per path: the tests ask for
 * the same pages many times. The whole document's text is its pages' texts, each ended by a form
 * feed, as pdftotext -f N -l N gives them one at a time.
 */
const layoutTexts = new Map<string, string>();
const boxTexts = new Map<string, string[]>();

function pdfText(path: string, page?: number): string {
  let text = layoutTexts.get(path);
  if (text === undefined) {
    text = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).stdout;
    layoutTexts.set(path, text);
  }
  if (!page) return text;
  return `${text.split('\f')[page - 1] ?? ''}\f`;
}

/** Share of the page body (between header and footer) that holds text, from pdftotext -bbox. */
function pageFill(path: string, page: number): number {
  let pages = boxTexts.get(path);
  if (pages === undefined) {
    const xml = spawnSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' }).stdout;
    pages = xml.split('<page ').slice(1);
    boxTexts.set(path, pages);
  }
  const bottoms = [...(pages[page - 1] ?? '').matchAll(/yMax="([\d.]+)"/g)]
    .map((m) => Number(m[1]))
    .filter((y) => y > 50 && y < 780);
  return bottoms.length === 0 ? 0 : (Math.max(...bottoms) - 50) / 730;
}

const SECTION_STARTS =
  /^(Résumé des faits|Identifiants de l'auteur|Demandes et paiements|Chronologie|Bordereau de pièces|Pièces|Pièce P\d+ —|Journal de la chaîne|Méthode et intégrité|Qualifications possibles)/;

/** Pages under 25 % filled that are not the last page of a section (nor a reproduced PDF page). */
function nearlyBlankPages(path: string): number[] {
  const pages = Number(
    /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [path], { encoding: 'utf8' }).stdout)?.[1],
  );
  const firstLine = (page: number) =>
    pdfText(path, page)
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? '';
  const blank: number[] = [];
  for (let page = 1; page < pages; page += 1) {
    if (/reproduite telle quelle/.test(pdfText(path, page))) continue;
    const isLastOfSection = SECTION_STARTS.test(firstLine(page + 1));
    if (!isLastOfSection && pageFill(path, page) < 0.25) blank.push(page);
  }
  return blank;
}

let root: string;
let caseDir: string;
let pdf: string;

beforeAll(async () => {
  root = makeTempDir();
  // Built only where the cross-check tools are (each test below needs them; CI requires them).
  if (!canUseTools('zip', 'pdftotext', 'pdfinfo')) return;
  const input = join(root, 'famille', 'Téléchargements');
  mkdirSync(input, { recursive: true });
  cpSync(join(FIXTURES, 'whatsapp/android-fr-media'), join(input, 'wa'), { recursive: true });
  spawnSync('zip', ['-q', '-r', '../WhatsApp Chat with Inconnu_77.zip', '.'], {
    cwd: join(input, 'wa'),
  });
  rmSync(join(input, 'wa'), { recursive: true });
  cpSync(join(FIXTURES, 'sms/basic.xml'), join(input, 'sms-backup.xml'));
  writeFileSync(join(input, 'demande.eml'), EMAIL);
  writeFileSync(join(input, 'recu-pcs.pdf'), receiptPdf());
  caseDir = join(root, 'case');
  const run = (args: string[]) => {
    const result = runPreuve([...args, '--case', caseDir, '-y']);
    expect(result.code, result.stderr).toBe(0);
  };
  // The WhatsApp ZIP's add and the build spawned; init and the other adds in this process.
  const runHere = async (args: string[]) => {
    const result = await runPreuveInProcess([...args, '--case', caseDir, '-y']);
    expect(result.code, result.stderr).toBe(0);
  };
  await runHere(['init', '--reference', 'PRV-20261130-TEST']);
  await runHere(['add', join(input, 'sms-backup.xml')]);
  await runHere([
    'add',
    '--sensitive',
    '--description',
    'Vidéo intime évoquée',
    '--where',
    'Téléphone, galerie',
  ]);
  run([
    'add',
    join(input, 'WhatsApp Chat with Inconnu_77.zip'),
    '--exclude-attachment',
    'IMG-20240312-WA0001.jpg',
    '--victim-name',
    'Léa',
  ]);
  await runHere(['add', join(input, 'demande.eml')]);
  await runHere(['add', join(input, 'recu-pcs.pdf')]);
  mkdirSync(join(root, 'out'));
  run(['build', '--out', join(root, 'out', 'dossier.zip')]);
  pdf = join(root, 'out', 'dossier.pdf');
}, 120_000);

beforeEach((context) => requireTool(context, 'zip', 'pdftotext', 'pdfinfo'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the officer reads every exhibit (issue 17)', () => {
  it('shows the e-mail: sender, subject, verdicts in one line, body, and in the chronology', () => {
    const text = pdfText(pdf);
    expect(text).toContain('inconnu77@example.net');
    expect(text).toContain('Dernier avertissement');
    expect(text).toMatch(/SPF pass, DKIM pass, DMARC fail — au moins une vérification a échoué/);
    expect(text).toContain('bc1qexample0000000000000000000000000000');
    expect(text).toMatch(/courriel — « Dernier avertissement »/);
  });

  it('reproduces the PDF receipt page', () => {
    const text = pdfText(pdf);
    expect(text).toContain('page 1 / 1 du document, reproduite telle quelle');
    expect(text).toContain('Code RECH : 1234 5678 9012 3456');
  });

  it('numbers messages from 1 in the PDF and in show', () => {
    const text = pdfText(pdf);
    expect(text).toMatch(/Tu as jusqu'à demain 18h\.\s+n° 1\n/);
    expect(text).not.toMatch(/ n° 0\n/);
    const shown = runPreuve(['show', 'P1', '--case', caseDir]).stdout;
    expect(shown).toMatch(/#1\s+\S+\s+\+33600000077: Tu as jusqu'à demain 18h/);
    expect(shown).not.toMatch(/#0 /);
  });

  it('marks the victim named by --victim-name and the presumed author; a wrong name changes nothing', async () => {
    const text = pdfText(pdf);
    expect(text).toContain('Léa — victime (désignée par la famille)');
    expect(text).toMatch(/Léa \(victime\) : laisse-moi tranquille/);
    expect(text).toMatch(/Inconnu_77 \(auteur présumé\) : salut ça va \?/);
    // The refused add spawned, the listings around it in this process.
    const before = (await runPreuveInProcess(['list', '--case', caseDir, '--json'])).stdout;
    const zip = join(root, 'famille', 'Téléchargements', 'WhatsApp Chat with Inconnu_77.zip');
    const refused = runPreuve(['add', zip, '--victim-name', 'Zoé', '--case', caseDir, '-y']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--victim-name Zoé: no participant .* \(its participants: Inconnu_77, Léa\)/,
    );
    expect((await runPreuveInProcess(['list', '--case', caseDir, '--json'])).stdout).toBe(before);
  });

  it('the bordereau gives the page where each exhibit starts', () => {
    const pages = Number(
      /Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1],
    );
    const indexPage = [...Array(pages).keys()]
      .map((i) => i + 1)
      .find((page) => pdfText(pdf, page).includes('Bordereau de pièces'))!;
    const rows = [...pdfText(pdf, indexPage).matchAll(/^P(\d+)\s.*\s(\d{1,3})$/gm)];
    expect(rows.map((row) => `P${row[1]}`)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    for (const [, number, page] of rows) {
      expect(Number(page)).toBeGreaterThan(indexPage);
      expect(pdfText(pdf, Number(page))).toMatch(new RegExp(`Pièce P${number} —`));
    }
  });

  it('prints no absolute path of the family computer', () => {
    const text = pdfText(pdf);
    expect(text).not.toContain(root);
    expect(text).not.toContain('Téléchargements');
    expect(text).not.toMatch(/sourcePath/);
  });

  it('leaves no page under 25 % filled except the last of a section', () => {
    expect(nearlyBlankPages(pdf)).toEqual([]);
  });

  it('the demo: its key message is the demand, and no page is left mostly blank', () => {
    const demo = join(root, 'demo');
    copyDemo(demo);
    const demoPdf = join(
      demo,
      'out',
      readdirSync(join(demo, 'out')).find((f) => f.endsWith('.pdf'))!,
    );
    const text = pdfText(demoPdf);
    expect(text).toMatch(
      /★ Message clé — Exigence de 300 €[^\n]*n° 7\n\s+Inconnu_77 : Regarde ce que j'ai fait/,
    );
    expect(text).toContain('P3, message n° 7');
    expect(nearlyBlankPages(demoPdf)).toEqual([]);
  }, 60_000);
});
