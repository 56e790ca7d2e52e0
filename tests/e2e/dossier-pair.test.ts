import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';

// Issue 21 point 2: the PDF and the ZIP are one unit; verify says when the PDF beside a ZIP is
// not the one inside it.

let root: string;
let caseDir: string;
let zip: string;
let pdf: string;

beforeAll(() => {
  root = makeTempDir();
  caseDir = join(root, 'case');
  copyDemo(caseDir);
  zip = join(caseDir, 'out', 'PRV-20261121-DEMO.zip');
  pdf = join(caseDir, 'out', 'PRV-20261121-DEMO.pdf');
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the PDF beside the ZIP', { timeout: 180_000 }, () => {
  it('verify checks it against the PDF inside the ZIP and says when they differ', async () => {
    // The first verify and the build spawned, the commands between them in this process.
    expect(runPreuve(['verify', zip]).code).toBe(0);
    const old = join(root, 'old.pdf');
    copyFileSync(pdf, old);
    writeFileSync(join(root, 'facts.yaml'), 'narrative: "Un récit modifié après la remise."\n');
    expect(
      (await runPreuveInProcess(['facts', 'import', join(root, 'facts.yaml'), '--case', caseDir]))
        .code,
    ).toBe(0);
    expect(runPreuve(['build', '--case', caseDir, '--force']).code).toBe(0);
    expect((await runPreuveInProcess(['verify', zip])).code).toBe(0);
    copyFileSync(old, pdf);
    const mismatch = await runPreuveInProcess(['verify', zip, '--lang', 'en']);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stdout).toMatch(/DEMO\.pdf is not the PDF inside this ZIP/);
  });

  // That an encrypted build leaves the PDF only inside its ZIP is checked on the encrypted
  // dossier tests/e2e/encrypted-dossier.test.ts builds (the same command).
  it('--encrypt: two passphrase sources are refused', () => {
    const passFile = join(root, 'pass.txt');
    writeFileSync(passFile, 'quatre mots au hasard\n');
    const out = join(root, 'chiffre.zip');
    const both = runPreuve(
      ['build', '--case', caseDir, '--encrypt', '--passphrase-file', passFile, '--out', out],
      { env: { PREUVE_PASSPHRASE: 'une autre phrase secrete' } },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(
      /PREUVE_PASSPHRASE is set and --passphrase-file .*pass\.txt is given/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a build killed after the ZIP is in place leaves no PDF, and the next build writes it', async () => {
    // The state replacePair can leave: the old PDF removed, the new ZIP in place.
    rmSync(pdf);
    // The build spawned, the verify runs around it in this process.
    expect((await runPreuveInProcess(['verify', zip])).code).toBe(0);
    const again = runPreuve(['build', '--case', caseDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(pdf)).toBe(true);
    expect((await runPreuveInProcess(['verify', zip])).code).toBe(0);
  });
});
