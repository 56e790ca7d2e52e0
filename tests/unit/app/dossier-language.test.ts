import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addToCase } from '../../../src/app/add.js';
import { buildCaseInFolder } from '../../../src/app/build.js';
import { createCase } from '../../../src/app/init.js';
import { fixedClock } from '../../../src/model/clock.js';
import { type MessageLanguage, readCatalogue } from '../../../src/model/messages.js';
import { requireTool } from '../../helpers/tools.js';
import { pdftotext, squash } from '../dossier/render-helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const CHAT_FOLDERS = [
  'whatsapp',
  'instagram',
  'messenger',
  'telegram',
  'discord',
  'snapchat',
  'sms',
  'email',
];
const clock = fixedClock('2026-11-30T09:15:00.000Z');
const root = mkdtempSync(join(tmpdir(), 'preuve-language-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The fixed parts of a language's catalogue sentences (between placeholders), long enough to be
 * sentences and absent from the other language's catalogue. The terminal's own lines (`cli.…`)
 * never reach a dossier: they are left out.
 */
function sentencesOf(language: MessageLanguage, other: MessageLanguage): string[] {
  const otherText = squash(Object.values(readCatalogue(other)).join('\n'));
  return Object.entries(readCatalogue(language))
    .filter(([code]) => !code.startsWith('cli.'))
    .flatMap(([, template]) => template.split(/\{\w+\}/))
    .map(squash)
    .filter((part) => part.length >= 9 && !otherText.includes(part));
}

/** The chat fixtures a case took, once known. */
let accepted: string[] | undefined;

/**
 * Adds every chat fixture that can be added. The first case tries each alone: some are broken on
 * purpose, and each is refused alone, leaving the case as it was. The second takes the ones the
 * first took in one add (52 adds cost 3.0 s of CPU, one add of the same files 0.7 s).
 */
async function addEveryFixture(caseDir: string): Promise<void> {
  const add = (paths: string[]) =>
    addToCase({
      caseDir,
      paths,
      isSensitive: false,
      operator: 'Claire Martin',
      clock,
      dateOrder: 'dmy',
    });
  if (accepted) {
    await add(accepted);
    return;
  }
  const taken: string[] = [];
  for (const folder of CHAT_FOLDERS) {
    for (const name of readdirSync(join(FIXTURES, folder))) {
      const path = join(FIXTURES, folder, name);
      if (
        await add([path]).then(
          () => true,
          () => false,
        )
      )
        taken.push(path);
    }
  }
  accepted = taken;
}

/** A case in this language holding every chat fixture that can be added, built to a PDF. */
async function buildFromEveryFixture(language: MessageLanguage): Promise<string> {
  const caseDir = join(root, language);
  await createCase({
    caseDir,
    operator: 'Claire Martin',
    clock,
    language,
    timeZone: 'Europe/Paris',
  });
  await addEveryFixture(caseDir);
  const built = await buildCaseInFolder({
    caseDir,
    operator: 'Claire Martin',
    clock,
    toolVersion: '0.1.0',
  });
  expect(built.exhibitCount).toBeGreaterThan(20);
  return squash(pdftotext(built.pdfPath!));
}

describe('a dossier built from every chat fixture', () => {
  it('in French holds no English sentence of the catalogue', async (context) => {
    requireTool(context, 'pdftotext');
    const text = await buildFromEveryFixture('fr');
    expect(text).toContain(squash('dates lues comme jour/mois/année'));
    expect(sentencesOf('en', 'fr').filter((sentence) => text.includes(sentence))).toEqual([]);
  }, 600_000);

  it('in English holds no French sentence of the catalogue', async (context) => {
    requireTool(context, 'pdftotext');
    const text = await buildFromEveryFixture('en');
    expect(text).toContain(squash('dates read as day/month/year'));
    expect(sentencesOf('fr', 'en').filter((sentence) => text.includes(sentence))).toEqual([]);
  }, 600_000);
});
