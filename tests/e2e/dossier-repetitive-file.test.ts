import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';

// Found by benchmarks/kill-trials.js: a 50 MB evidence file of one repeated byte deflated 1,029
// times, and `verify` of the dossier preuve had just written called it a ZIP bomb. Entries above
// the reader's ratio floor (16 MiB) are now stored undeflated.
const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a big repetitive evidence file', () => {
  it('gives a dossier that verifies', () => {
    const caseDir = join(root, 'case');
    const evidence = join(root, 'recording.bin');
    writeFileSync(evidence, Buffer.alloc(17 * 1024 * 1024, 7));
    expect(runPreuve(['init', caseDir, '--reference', 'PRV-20261130-7K3Q']).code).toBe(0);
    expect(runPreuve(['add', evidence, '--case', caseDir]).code).toBe(0);
    expect(runPreuve(['build', '--case', caseDir]).code).toBe(0);
    const verified = runPreuve(['verify', join(caseDir, 'out', 'PRV-20261130-7K3Q.zip')]);
    expect(verified.stdout + verified.stderr).not.toMatch(/bomb/i);
    expect(verified.code).toBe(0);
  }, 300_000);
});
