#!/usr/bin/env node
// Start-up: preuve --help, --version, and the light commands (list, show, cases) on a one-exhibit
// case, interleaved with `node -e 0` (each round runs the yardstick, then every command once),
// median of 7 rounds (PREUVE_BENCH_ROUNDS to change it). Target: <= 150 ms wall for --help and
// --version. The times are of the whole process with nothing preloaded; the peak memory comes
// from one more run of each with the memory probe. Load on the machine inflates every figure:
// the `uptime` load average is printed with them. PREUVE_BIN=<path to bin/preuve.js> times
// another build (to compare before and after a change).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordRow, timeCommand, timeNode } from './_util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.PREUVE_BIN ?? join(root, 'bin', 'preuve.js');
const rounds = Number(process.env.PREUVE_BENCH_ROUNDS ?? 7);
const home = mkdtempSync(join(tmpdir(), 'preuve-bench-startup-'));
const caseDir = join(home, 'case');
const env = {
  ...process.env,
  PREUVE_HOME: home,
  PREUVE_CASE: caseDir,
  PREUVE_OPERATOR: 'Bench',
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

try {
  timeCommand(process.execPath, [bin, 'init', caseDir, '--yes'], { env });
  const chat = join(root, 'tests', 'fixtures', 'whatsapp', 'android-fr.txt');
  timeCommand(process.execPath, [bin, 'add', chat, '--yes', '--timezone', 'Europe/Paris'], { env });
  const figures = [
    ['--help', '<= 0.150 s wall'],
    ['--version', '<= 0.150 s wall'],
    ['list', undefined],
    ['show P1', undefined],
    ['cases', undefined],
  ];
  const bare = [];
  const times = figures.map(() => []);
  const loadBefore = loadavg()[0];
  for (let round = 0; round < rounds; round += 1) {
    bare.push(timeCommand(process.execPath, ['-e', '0'], { env }).seconds);
    figures.forEach(([command], index) => {
      times[index].push(
        timeCommand(process.execPath, [bin, ...command.split(' ')], { env }).seconds,
      );
    });
  }
  const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
  figures.forEach(([command, target], index) => {
    recordRow({
      figure: `preuve ${command}`,
      seconds: median(times[index]),
      peakRssMb: timeNode([bin, ...command.split(' ')], { env }).peakRssMb,
      yardstick: 'node -e 0',
      yardstickSeconds: median(bare),
      ...(target ? { target } : {}),
      extra: { extra: `median of ${rounds}, ${load}` },
    });
  });
} finally {
  rmSync(home, { recursive: true, force: true });
}
