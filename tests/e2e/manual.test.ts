import { join } from 'node:path';
import { it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { writeSampleEvidence } from '../helpers/evidence-files.js';

it('manual', async () => {
  const dir = makeTempDir();
  const ev = await writeSampleEvidence(join(dir, 'ev'));
  const caseDir = join(dir, 'case');
  for (const args of [
    ['init', caseDir],
    ['add', '--case', caseDir, ev, '--app', 'Instagram'],
    ['add', '--case', caseDir, ev],
    ['list', '--case', caseDir],
    ['verify', caseDir],
  ]) {
    const r = runPreuve(args);
    console.log(args.join(' '), '=>', r.code, '\n', r.stdout, r.stderr);
  }
  console.log(dir);
});
