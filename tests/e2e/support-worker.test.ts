import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';

const MEDIA = resolve(import.meta.dirname, '../fixtures/whatsapp/android-fr-media');

/** A French case with one intimate image (hashed in place) and one chat attachment kept out. */
function makeFrenchCase(home: string): string {
  const caseDir = join(home, 'PRV-20261130-AAAA');
  expect(runPreuve(['init', caseDir, '--reference', 'PRV-20261130-AAAA']).code).toBe(0);
  const intimate = join(home, '..', 'intime.jpg');
  writeFileSync(intimate, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]));
  const sensitive = runPreuve(
    ['add', '--sensitive', '--description', 'Image intime, non copiée', intimate],
    { cwd: caseDir },
  );
  expect(sensitive.code, sensitive.stderr).toBe(0);
  const chat = runPreuve(['add', MEDIA, '--exclude-attachment', 'IMG-20240312-WA0001.jpg'], {
    cwd: caseDir,
  });
  expect(chat.code, chat.stderr).toBe(0);
  return caseDir;
}

describe('for support workers', () => {
  // One case for the two tests, which only read it ("preuve cases" lists the folder it is in).
  let home: string;
  let caseDir: string;
  beforeAll(() => {
    home = join(makeTempDir(), 'dossiers');
    caseDir = makeFrenchCase(home);
  });

  it('"preuve cases" counts every item held back, in the case\'s language', async () => {
    // Held back: the intimate image, the excluded attachment, and the export's photo no message names
    // (hashed in place without a terminal). An English system: the case is French, so the listing is too.
    const cases = runPreuve(['cases'], { env: { PREUVE_HOME: home, LANG: 'en_GB.UTF-8' } });
    expect(cases.code, cases.stderr).toBe(0);
    expect(cases.stdout).toContain(`1 dossier dans ${home}`);
    expect(cases.stdout).toContain('— 2 pièces, pas encore créé');
    expect(cases.stdout).toContain(
      '3 éléments non copiés (images intimes ou pièces jointes écartées)',
    );
    // The same listing in English and in JSON with the CLI in this process.
    const english = await runPreuveInProcess(['cases', '--lang', 'en'], {
      env: { PREUVE_HOME: home },
    });
    expect(english.stdout).toContain('3 items not copied');
    const json = JSON.parse(
      (await runPreuveInProcess(['cases', '--json'], { env: { PREUVE_HOME: home } })).stdout,
    );
    expect(json.cases[0]).toMatchObject({ sensitiveCount: 1, withheldCount: 3, language: 'fr' });
  });

  it('"preuve verify" answers in the case\'s language', async () => {
    const verify = runPreuve(['verify', caseDir], { env: { LANG: 'en_GB.UTF-8' } });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(
      /^Vérification réussie : dossier PRV-20261130-AAAA, 2 pièces, \d+ fichiers? recalculés?, journal de traçabilité intact/m,
    );
    const english = await runPreuveInProcess(['verify', caseDir, '--lang', 'en']);
    expect(english.stdout).toMatch(/^Check passed: case PRV-20261130-AAAA, 2 items/m);
  });

  it('--lang is in the help', () => {
    const help = runPreuve(['--help']);
    expect(help.stdout).toMatch(/--lang <lang>\s+language of the wizard and of messages: fr or en/);
  });
});
