#!/usr/bin/env node
// npm run bench [name…]: runs every benchmark in this folder (or those named) one after the other,
// then prints every figure of issue 13's table (figure, yardstick measured in the same run, ratio).
// Each figure is also one JSON line in benchmarks/results.jsonl (not committed).
// Timings are for reading, never asserted.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRow, RESULTS_FILE } from './_util.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
// Reliability loops, not speed figures: minutes to hours each, run only when named
// (`npm run bench crash-windows`, or `node benchmarks/kill-trials.js 100`).
const LOOPS = new Set(['crash-windows.js', 'kill-trials.js', 'hostile-rss.js']);
const scripts = readdirSync(here)
  .filter((name) => name.endsWith('.js') && name !== 'run.js' && !name.startsWith('_'))
  .filter((name) =>
    wanted.length === 0 ? !LOOPS.has(name) : wanted.some((w) => name.startsWith(w)),
  )
  .sort();
writeFileSync(RESULTS_FILE, '');
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
const rows = readFileSync(RESULTS_FILE, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line));
console.log(`\n=== figures (${RESULTS_FILE}) ===`);
for (const row of rows) console.log(formatRow(row));
process.exitCode = failed > 0 ? 1 : 0;
