#!/usr/bin/env node
// preuve --help and --version next to `node -e 0`, median of 5 runs each (target: <= 150 ms wall).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianOf, recordRow, timeNode } from './_util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
const bare = medianOf(5, () => timeNode(['-e', '0']));
for (const flag of ['--help', '--version']) {
  const run = medianOf(5, () => timeNode([bin, flag]));
  recordRow({
    figure: `preuve ${flag}`,
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    yardstick: 'node -e 0',
    yardstickSeconds: bare.seconds,
    target: '<= 0.150 s wall',
  });
}
