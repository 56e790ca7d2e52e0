import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import { requireTool, sevenZipCommand } from '../helpers/tools.js';

// Issue 21 point 3: an encrypted dossier shows no name of what it holds without the passphrase,
// and opens with standard tools (7z x, unzip, sha256sum -c) or preuve verify with it.

const PASSPHRASE = 'quatre mots au hasard';
const DEMO = resolve(import.meta.dirname, '../../examples/demo');
/** The presumed author's handle in the demo facts; it must never show in a listing. */
const AUTHOR_HANDLE = 'lea.exemple.2009';

let root: string;
let caseDir: string;
let passFile: string;
let encrypted: string;
let plainNames: string[];
let built: {
  pdfPath: string | null;
  fingerprint: string;
  isEncrypted: boolean;
  bag?: { entryName: string; sha256: string };
};

function run(command: string, args: readonly string[], cwd = root) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, relative, to show that verify left nothing behind. */
function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

beforeAll(() => {
  root = makeTempDir();
  caseDir = join(root, 'case');
  copyDemo(caseDir);
  passFile = join(root, 'pass.txt');
  writeFileSync(passFile, `${PASSPHRASE}\n`);
  // The names an unencrypted dossier of the same case shows: none may show once encrypted.
  const plain = join(caseDir, 'out', 'PRV-20261121-DEMO.zip');
  const listing = run(sevenZipCommand(), ['l', '-slt', plain]).stdout;
  plainNames = [...listing.matchAll(/^Path = (.*)$/gm)]
    .map((match) => match[1]!)
    .filter((name) => name !== plain);
  expect(plainNames.length).toBeGreaterThan(10);
  mkdirSync(join(root, 'remis'));
  encrypted = join(root, 'remis', 'dossier.zip');
  const build = runPreuve(
    [
      'build',
      '--case',
      caseDir,
      '--encrypt',
      '--passphrase-file',
      passFile,
      '--out',
      encrypted,
      '--json',
    ],
    { env: { PREUVE_PASSPHRASE: '' } },
  );
  expect(build.code, build.stderr).toBe(0);
  built = JSON.parse(build.stdout);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an encrypted dossier', { timeout: 180_000 }, () => {
  it('lists one neutral name without the passphrase: no exhibit, handle, manifest or data/; the PDF is only inside', () => {
    expect(built.isEncrypted).toBe(true);
    expect(built.pdfPath).toBeNull();
    expect(readdirSync(join(root, 'remis'))).toEqual(['dossier.zip']);
    expect(built.bag?.entryName).toBe('dossier-bagit.zip');
    const listing = run(sevenZipCommand(), ['l', '-slt', encrypted]);
    expect(listing.code, listing.stderr).toBe(0);
    const names = [...listing.stdout.matchAll(/^Path = (.*)$/gm)].map((match) => match[1]);
    expect(names).toEqual([encrypted, 'dossier-bagit.zip']);
    expect(listing.stdout).toContain('Method = AES-256');
    const shown = listing.stdout.replaceAll(encrypted, '');
    for (const hidden of ['manifest', 'data/', AUTHOR_HANDLE, 'PRV-20261121-DEMO', 'P1']) {
      expect(shown).not.toContain(hidden);
    }
    for (const name of plainNames) {
      expect(shown).not.toContain(name);
      expect(shown).not.toContain(basename(name));
    }
  });

  it('7z x with the passphrase gives the bag ZIP, which unzip and sha256sum -c accept', (context) => {
    requireTool(context, 'unzip', 'sha256sum');
    const out = join(root, 'ouvert');
    const wrong = run(sevenZipCommand(), [
      'x',
      '-pnot the passphrase',
      `-o${join(root, 'faux')}`,
      encrypted,
    ]);
    expect(wrong.code).not.toBe(0);
    const opened = run(sevenZipCommand(), ['x', `-p${PASSPHRASE}`, `-o${out}`, encrypted]);
    expect(opened.code, opened.stdout).toBe(0);
    expect(readdirSync(out)).toEqual(['dossier-bagit.zip']);
    const inner = readFileSync(join(out, 'dossier-bagit.zip'));
    expect(createHash('sha256').update(inner).digest('hex')).toBe(built.bag?.sha256);
    expect(run('unzip', ['-q', 'dossier-bagit.zip'], out).code).toBe(0);
    const bag = join(out, 'PRV-20261121-DEMO');
    const sums = run('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], bag);
    expect(sums.code, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout).not.toContain('FAILED');
    // The fingerprint build printed covers the same file as for an unencrypted dossier.
    const manifest = run('sha256sum', ['data/evidence-manifest.txt'], bag);
    expect(manifest.stdout.split(' ')[0]).toBe(built.fingerprint);
    expect(readFileSync(join(bag, 'data/dossier.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('preuve verify opens it with the passphrase (file or variable), in place, leaving nothing', async () => {
    const before = listTree(root);
    const byFile = runPreuve(['verify', encrypted, '--passphrase-file', passFile], {
      env: { PREUVE_PASSPHRASE: '' },
    });
    expect(byFile.code, byFile.stdout + byFile.stderr).toBe(0);
    expect(byFile.stdout).toMatch(/Vérification réussie : dossier PRV-20261121-DEMO/);
    // The first verify spawned, the second with the CLI in this process.
    const byVariable = await runPreuveInProcess(['verify', encrypted, '--json'], {
      env: { PREUVE_PASSPHRASE: PASSPHRASE },
    });
    expect(byVariable.code, byVariable.stderr).toBe(0);
    const report = JSON.parse(byVariable.stdout);
    expect(report.ok).toBe(true);
    expect(report.isEncrypted).toBe(true);
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: 'encrypted ZIP',
        ok: true,
        detail: expect.stringMatching(/^one entry, dossier-bagit\.zip \(AES/),
        code: 'bag.check.encryptedEntry',
      }),
    );
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: 'dossier fingerprint', ok: true, detail: built.fingerprint }),
    );
    expect(listTree(root)).toEqual(before);
  });

  it('preuve verify with the wrong passphrase fails, saying so, exit 1; without one, exit 2', async () => {
    const wrongFile = join(root, 'faux.txt');
    writeFileSync(wrongFile, 'pas la bonne phrase\n');
    const wrong = runPreuve(['verify', encrypted, '--passphrase-file', wrongFile], {
      env: { PREUVE_PASSPHRASE: '' },
    });
    expect(wrong.code).toBe(1);
    // Said as its code, in French, with no English detail line.
    expect(wrong.stdout).toContain("Cette phrase de passe n'ouvre pas le dossier chiffré");
    expect(wrong.stdout).not.toContain('détail technique');
    // The first refusal spawned, the two others with the CLI in this process.
    const english = await runPreuveInProcess(['verify', encrypted, '--lang', 'en'], {
      env: { PREUVE_PASSPHRASE: 'pas la bonne phrase' },
    });
    expect(english.code).toBe(1);
    expect(english.stdout).toContain(
      'The passphrase does not open this ZIP. Check it and try again.',
    );
    const none = await runPreuveInProcess(['verify', encrypted, '--yes'], {
      env: { PREUVE_PASSPHRASE: '' },
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'This dossier is encrypted: give its passphrase with --passphrase-file <file> or PREUVE_PASSPHRASE',
    );
  });

  it('two passphrase sources are refused, naming both, by build and by verify', async () => {
    const env = { PREUVE_PASSPHRASE: 'une autre phrase secrete' };
    const other = join(root, 'autre.zip');
    const build = runPreuve(
      ['build', '--case', caseDir, '--encrypt', '--passphrase-file', passFile, '--out', other],
      { env },
    );
    expect(build.code).toBe(2);
    expect(build.stderr).toMatch(
      /PREUVE_PASSPHRASE is set and --passphrase-file .*pass\.txt is given/,
    );
    expect(readdirSync(root)).not.toContain('autre.zip');
    // The build spawned, the verify with the CLI in this process.
    const verify = await runPreuveInProcess(['verify', encrypted, '--passphrase-file', passFile], {
      env,
    });
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(
      /PREUVE_PASSPHRASE is set and --passphrase-file .*pass\.txt is given/,
    );
  });

  it('a spec with build.encrypt writes the same hidden layout', () => {
    const spec = join(root, 'secret.yaml');
    writeFileSync(
      spec,
      `evidence:\n  - path: ${DEMO}/recu-coupon-pcs.pdf\nbuild:\n  encrypt: true\n  passphraseFile: pass.txt\n`,
    );
    const run1 = runPreuve(['build', '--spec', spec, '--case', join(root, 'spec-case'), '--json'], {
      env: { PREUVE_PASSPHRASE: '' },
    });
    expect(run1.code, run1.stderr).toBe(0);
    const { dossier } = JSON.parse(run1.stdout);
    expect(dossier.bag.entryName).toBe('dossier-bagit.zip');
    const listing = run(sevenZipCommand(), ['l', '-slt', dossier.zipPath]).stdout;
    const names = [...listing.matchAll(/^Path = (.*)$/gm)].map((match) => match[1]);
    expect(names).toEqual([dossier.zipPath, 'dossier-bagit.zip']);
    expect(listing.replaceAll(dossier.zipPath, '')).not.toMatch(/recu-coupon|manifest|data\//);
  });
});
