import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { copyDemo } from '../helpers/demo-case.js';

// A byte flipped inside the dossier PDF's ZIP entry: verify says the file does not match its
// manifest, and does not also call it "missing" (it is there, damaged).
let root: string;
let damaged: string;

beforeAll(() => {
  root = makeTempDir();
  const caseDir = copyDemo(join(root, 'case'));
  const bytes = Buffer.from(readFileSync(join(caseDir, 'out', 'PRV-20261121-DEMO.zip')));
  const middle = Math.floor(bytes.length / 3);
  bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
  damaged = join(root, 'damaged.zip');
  writeFileSync(damaged, bytes);
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('verify of a dossier whose PDF entry is damaged', () => {
  it('names the mismatch once per manifest, not a missing file, in French and in English', () => {
    const fr = runPreuve(['verify', damaged]);
    expect(fr.code).toBe(1);
    expect(fr.stdout + fr.stderr).toMatch(/data\/dossier\.pdf ne correspond pas à manifest-sha256/);
    expect(fr.stdout + fr.stderr).not.toMatch(/absent/);
    const en = runPreuve(['verify', damaged, '--lang', 'en']);
    expect(en.code).toBe(1);
    expect(en.stdout + en.stderr).toMatch(/data\/dossier\.pdf does not match manifest-sha256/);
    expect(en.stdout + en.stderr).not.toMatch(/missing/);
  });
});
