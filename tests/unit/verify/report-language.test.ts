import { appendFileSync, chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_READER, STAMP_CHECKER, verifyAnything } from '../../../src/app/verify.js';
import { initCase, loadCase, withCase } from '../../../src/case/store.js';
import { describeReport } from '../../../src/cli/commands/verify.js';
import { loadWizardText } from '../../../src/cli/wizard/text.js';
import { addEvidence } from '../../../src/evidence/add.js';
import { fixedClock } from '../../../src/model/clock.js';
import { readCatalogue, renderMessage } from '../../../src/model/messages.js';
import { verifyCase } from '../../../src/verify/case.js';
import { summarizeReport } from '../../../src/verify/report.js';
import { makeTempDir } from '../../helpers/cli.js';

const clock = fixedClock('2026-11-30T09:15:00.000Z');
const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A case of one plain file whose copy was then made writable and one whose copy was changed. */
async function tamperedCase() {
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Test',
    language: 'fr',
    timeZone: 'Europe/Paris',
    clock,
  });
  const notes = [join(root, 'a.txt'), join(root, 'b.txt')];
  writeFileSync(notes[0]!, 'première note\n');
  writeFileSync(notes[1]!, 'deuxième note\n');
  await withCase(caseDir, { command: 'add', operator: 'Test', clock }, (session) =>
    addEvidence(session, { paths: notes, isSensitive: false, operator: 'Test', clock }),
  );
  const [first, second] = (await loadCase(caseDir)).exhibits;
  chmodSync(join(caseDir, first!.files[0]!.storedPath!), 0o600);
  const changed = join(caseDir, second!.files[0]!.storedPath!);
  chmodSync(changed, 0o600);
  writeFileSync(changed, 'deuxième note modifiée\n');
  return caseDir;
}

describe('the verify report in the reader language (regression: a French reader got English detail lines)', () => {
  it('gives each case finding a stable code, its English message and a French text', async () => {
    const report = await verifyCase(await tamperedCase(), {
      stamps: STAMP_CHECKER,
      reader: CASE_READER,
    });
    expect(report.ok).toBe(false);
    expect(report.findings.map((finding) => finding.code)).toEqual([
      'verify.case.writable',
      'verify.case.sizeChanged',
    ]);
    expect(report.findings[0]!.message).toMatch(
      /^evidence\/P1\/a\.txt is writable \(mode 600\); copies must be read-only \(0400\)\. Its content still matches\.$/,
    );
    const fr = describeReport(loadWizardText('fr'), report).join('\n');
    expect(fr).toContain(
      '✗ evidence/P1/a.txt est modifiable (mode 600) ; les copies doivent être en lecture seule (0400). Son contenu correspond toujours.',
    );
    expect(fr).toContain('✗ evidence/P2/b.txt a changé : 25 octets, 15 attendus.');
    expect(fr).not.toMatch(/détail technique|is writable|has changed/);
    const en = describeReport(loadWizardText('en'), report).join('\n');
    expect(en).toContain('✗ evidence/P2/b.txt has changed: 25 bytes, expected 15.');
  });

  it('says the BagIt findings of a damaged bag in French too', async () => {
    const bag = join(root, 'bag');
    cpSync(join(import.meta.dirname, '../../fixtures/bags/v1.0-good'), bag, { recursive: true });
    appendFileSync(join(bag, 'data', 'recu.txt'), 'x');
    writeFileSync(join(bag, 'data', 'ajout.txt'), 'y');
    const report = await verifyAnything({ target: bag });
    expect(new Set(report.findings.map((finding) => finding.code))).toEqual(
      new Set(['verify.bag.digestMismatch', 'verify.bag.notListed', 'verify.bag.oxumMismatch']),
    );
    const fr = describeReport(loadWizardText('fr'), report).join('\n');
    expect(fr).toContain(
      "✗ data/ajout.txt est dans l'archive mais ne figure pas dans manifest-sha256.txt.",
    );
    expect(fr).toContain(
      '✗ data/recu.txt ne correspond pas à manifest-sha256.txt : sha256 attendu',
    );
    expect(fr).toContain('✗ Payload-Oxum dans bag-info.txt vaut');
    expect(fr).not.toContain('détail technique');
  });

  it('says a ZIP that is not one, a bag with no bagit.txt and a doubled manifest line in French (regression: English detail lines)', async () => {
    const notZip = join(root, 'pas-un-zip.zip');
    writeFileSync(notZip, 'ceci n’est pas une archive');
    const zipReport = await verifyAnything({ target: notZip });
    expect(zipReport.findings.map((finding) => finding.code)).toEqual(['zip.notReadable']);
    expect(zipReport.findings[0]!.message).toMatch(
      /pas-un-zip\.zip is not a readable ZIP \(.+\): not a ZIP, or truncated\. Copy the dossier again from its source\.$/,
    );
    const zipFr = describeReport(loadWizardText('fr'), zipReport).join('\n');
    expect(zipFr).toContain(
      "pas-un-zip.zip n'est pas un ZIP lisible : ce n'est pas un ZIP, ou il est incomplet.",
    );

    const good = join(import.meta.dirname, '../../fixtures/bags/v1.0-good');
    const notABag = join(root, 'pas-un-sac');
    cpSync(good, notABag, { recursive: true });
    rmSync(join(notABag, 'bagit.txt'));
    const doubled = join(root, 'sac');
    cpSync(good, doubled, { recursive: true });
    const manifest = join(doubled, 'manifest-sha256.txt');
    appendFileSync(manifest, `${readFileSync(manifest, 'utf8').split('\n')[0]!}\n`);
    const reports = [
      await verifyAnything({ target: notABag }),
      await verifyAnything({ target: doubled }),
    ];
    const codes = reports.flatMap((report) => report.findings.map((finding) => finding.code));
    expect(codes).toContain('bag.notABag');
    expect(codes).toContain('bag.listedAgain');
    const bagFr = reports
      .flatMap((report) => describeReport(loadWizardText('fr'), report))
      .join('\n');
    expect(bagFr).toContain(
      "✗ bagit.txt est absent : ce n'est pas un sac BagIt (ou pas son dossier principal).",
    );
    expect(bagFr).toMatch(
      /manifest-sha256\.txt, ligne \d+ : data\/pièces\/P01 note\.txt est listé une deuxième fois/,
    );
    expect(bagFr).not.toMatch(/détail technique|is missing|listed again/);
  });

  it('has a French and an English text for every verify code', () => {
    const fr = Object.keys(readCatalogue('fr')).filter((code) => code.startsWith('verify.'));
    const en = Object.keys(readCatalogue('en')).filter((code) => code.startsWith('verify.'));
    expect(fr.length).toBeGreaterThan(15);
    expect(fr.sort()).toEqual(en.sort());
  });
});

describe('the report line is a code (regression: "OK: case …, 1 exhibit(s)" in English only)', () => {
  it('says one exhibit and several files naturally in English, and the same line in French', () => {
    const summary = summarizeReport([], {
      code: 'verify.summary.case',
      params: {
        reference: 'PRV-20261130-TEST',
        exhibits: 1,
        files: 2,
        entries: 1,
        stamps: { code: 'verify.summary.stamps', params: { count: 1 } },
        expect: '',
      },
    });
    expect(summary.summary).toBe(
      'OK: case PRV-20261130-TEST, 1 exhibit, 2 files re-hashed, custody log of 1 entry intact, 1 timestamp valid.',
    );
    expect(summary.summaryCode).toBe('verify.summary.case');
    expect(
      renderMessage('fr', { code: summary.summaryCode!, params: summary.summaryParams! }),
    ).toBe(
      'Vérification réussie : dossier PRV-20261130-TEST, 1 pièce, 2 fichiers recalculés, journal de traçabilité intact (1 entrée), 1 horodatage valide.',
    );
  });
});
