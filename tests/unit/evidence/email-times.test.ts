import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initCase, loadCase, withCase } from '../../../src/case/store.js';
import { formatSource } from '../../../src/dossier/pdf/format.js';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';
import { addEvidence } from '../../../src/evidence/add.js';
import { fixedClock } from '../../../src/model/clock.js';
import { makeTempDir } from '../../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/email');
const clock = fixedClock('2026-11-30T09:15:00.000Z');
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function addEmail(name: string) {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Test',
    language: 'fr',
    timeZone: 'Europe/Paris',
    clock,
  });
  await withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
    addEvidence(session, {
      paths: [join(FIXTURES, name)],
      isSensitive: false,
      operator: 'Test',
      clock,
    }),
  );
  const [exhibit] = (await loadCase(caseDir)).exhibits;
  return exhibit!;
}

describe("an e-mail's known dates (regression: its one date was listed twice, as the chat export's)", () => {
  it('lists the Date header once, named as such', async () => {
    const exhibit = await addEmail('alternative.eml');
    expect(exhibit.kind).toBe('email');
    expect(exhibit.times).toEqual([
      { source: 'email-date', instant: '2024-03-16T11:00:00.000Z', precision: 'second' },
    ]);
    const fr = await loadDossierTexts('fr');
    const en = await loadDossierTexts('en');
    expect(formatSource(exhibit.times[0]!, fr)).toBe('en-tête Date du courriel');
    expect(formatSource(exhibit.times[0]!, en)).toBe("the e-mail's Date header");
  });

  it('says the time is the receiving server stamp when the e-mail has no Date header', async () => {
    const exhibit = await addEmail('no-date.eml');
    expect(exhibit.times.map((time) => time.source)).toEqual(['email-received']);
    const fr = await loadDossierTexts('fr');
    expect(formatSource(exhibit.times[0]!, fr)).toBe(
      'en-tête Received du courriel (cachet de son serveur de réception)',
    );
  });
});
