#!/usr/bin/env node
// Peak RSS of preuve on every input of the hostile corpus (issue 19: at most 300 MB each).
// Runs tests/e2e/hostile-corpus.test.ts with PREUVE_RSS_REPORT set, so that each command is run
// under GNU time (/usr/bin/time), and prints one line per input, the largest last.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT_MB = 300;
const folder = mkdtempSync(join(tmpdir(), 'preuve-rss-'));
const report = join(folder, 'rss.jsonl');
try {
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/e2e/hostile-corpus.test.ts'],
    {
      cwd: root,
      env: { ...process.env, PREUVE_RSS_REPORT: report },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const rows = readFileSync(report, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .sort((a, b) => a.kb - b.kb);
  for (const { name, kb } of rows) {
    const mb = kb / 1024;
    console.log(`${mb.toFixed(0).padStart(5)} MB  ${mb > LIMIT_MB ? 'OVER ' : ''}${name}`);
  }
  const over = rows.filter((row) => row.kb / 1024 > LIMIT_MB).length;
  console.log(`${rows.length} inputs, ${over} over ${LIMIT_MB} MB; corpus test exit ${run.status}`);
  process.exitCode = over > 0 || run.status !== 0 ? 1 : 0;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
