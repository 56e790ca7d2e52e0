#!/usr/bin/env node
// Start-up: preuve --help, --version, and the light commands (list, show, cases) on a one-exhibit
// case, next to `node -e 0`, median of 5 runs each (target: <= 150 ms wall for --help/--version).
// PREUVE_BIN=<path to bin/preuve.js> times another build (to compare before and after a change).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianOf, recordRow, timeCommand, timeNode } from './_util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.PREUVE_BIN ?? join(root, 'bin', 'preuve.js');
const home = mkdtempSync(join(tmpdir(), 'preuve-bench-startup-'));
const caseDir = join(home, 'case');
const env = {
  ...process.env,
  PREUVE_HOME: home,
  PREUVE_CASE: caseDir,
  PREUVE_OPERATOR: 'Bench',
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
};
try {
  timeCommand(process.execPath, [bin, 'init', caseDir, '--yes'], { env });
  const chat = join(root, 'tests', 'fixtures', 'whatsapp', 'android-fr.txt');
  timeCommand(process.execPath, [bin, 'add', chat, '--yes', '--timezone', 'Europe/Paris'], { env });
  const bare = medianOf(5, () => timeNode(['-e', '0']));
  const figures = [
    ['--help', '<= 0.150 s wall'],
    ['--version', '<= 0.150 s wall'],
    ['list', undefined],
    ['show P1', undefined],
    ['cases', undefined],
  ];
  for (const [command, target] of figures) {
    const run = medianOf(5, () => timeNode([bin, ...command.split(' ')], { env }));
    recordRow({
      figure: `preuve ${command}`,
      seconds: run.seconds,
      peakRssMb: run.peakRssMb,
      yardstick: 'node -e 0',
      yardstickSeconds: bare.seconds,
      ...(target ? { target } : {}),
    });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
