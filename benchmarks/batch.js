#!/usr/bin/env node
// Batch throughput: 50 generated cases (a capture, a note, a description-only item, facts; every
// third one with the demo's WhatsApp export) built by `preuve batch` at concurrency 1 and 2.
// Run after `npm run build`. Each run starts from an empty --out, so every case is created and built.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'preuve.js');
const demo = join(here, '..', 'examples', 'demo');
const CASES = Number(process.env.BENCH_CASES ?? 50);

const work = mkdtempSync(join(tmpdir(), 'preuve-bench-batch-'));
const specs = join(work, 'specs');
mkdirSync(join(specs, 'evidence'), { recursive: true });
for (let index = 1; index <= CASES; index += 1) {
  const id = String(index).padStart(3, '0');
  writeFileSync(join(specs, 'evidence', `note-${id}.txt`), `Note of benchmark case ${id}.\n`);
  const lines = [
    `reference: PRV-20261130-${id.padStart(4, 'B')}`,
    `operator: Intervenant ${id}`,
    'facts:',
    `  narrative: Cas inventé ${id}.`,
    'evidence:',
    `  - path: ${join(demo, 'captures/Screenshot_20261120-210412_Instagram.png')}`,
    '    app: Instagram',
    `  - path: evidence/note-${id}.txt`,
    '  - sensitive: true',
    `    description: Montage non copié (cas ${id}).`,
  ];
  if (index % 3 === 0) lines.push(`  - path: ${join(demo, 'whatsapp')}`);
  writeFileSync(join(specs, `case-${id}.yaml`), `${lines.join('\n')}\n`);
}

console.log(
  `${CASES} cases; ${availableParallelism()} cores (shared with other work: figures vary)`,
);
for (const concurrency of [1, 2]) {
  const out = join(work, `out-${concurrency}`);
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [bin, 'batch', specs, '--out', out, '--concurrency', String(concurrency), '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, PREUVE_NOW: '2026-11-30T09:15:00.000Z', PREUVE_OPERATOR: 'bench' },
    },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const summary = lines.at(-1);
  if (result.status !== 0 || summary.built !== CASES) {
    console.error(result.stderr);
    throw new Error(`batch failed at concurrency ${concurrency} (exit ${result.status})`);
  }
  const perCase = lines.filter((line) => line.type === 'case').map((line) => line.durationMs);
  perCase.sort((a, b) => a - b);
  console.log(
    `concurrency ${concurrency}: ${seconds.toFixed(1)} s, ${(CASES / seconds).toFixed(2)} cases/s, ` +
      `median case ${(perCase[Math.floor(perCase.length / 2)] / 1000).toFixed(2)} s`,
  );
  rmSync(out, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
