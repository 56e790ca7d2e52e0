#!/usr/bin/env node
// preuve build of a case whose narrative is one word of 2 MB (issue 20: it ran 310 s and was killed;
// targets: seconds, peak RSS <= 300 MB). The word is cut at the line width on every line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeCommand, timeNode } from './_util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
const root = mkdtempSync(join(tmpdir(), 'preuve-bench-long-word-'));
const env = { ...process.env, PREUVE_OPERATOR: 'bench', PREUVE_NOW: '2026-11-30T09:15:00.000Z' };

try {
  const caseDir = join(root, 'case');
  timeCommand(process.execPath, [bin, 'demo', '--out', caseDir, '-q'], { env });
  const facts = join(root, 'facts.yaml');
  writeFileSync(facts, `narrative: ${'a'.repeat(2_000_000)}\n`);
  timeCommand(process.execPath, [bin, 'facts', 'import', facts, '--case', caseDir, '-q'], { env });
  const build = timeNode([bin, 'build', '--case', caseDir, '--force', '-q'], { env });
  console.log(
    `build, 2 MB one-word narrative: ${build.seconds.toFixed(1)} s, peak RSS ${build.peakRssMb.toFixed(0)} MB (target <= 300 MB)`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
