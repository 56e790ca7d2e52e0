#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
// preuve build and preuve verify on a case holding a 1 GiB file and 5,000 small files, next to
// `zip -r -0` + `openssl dgst -sha256` on the same files, and `openssl dgst -sha256` of the ZIP
// (issue 13: build <= 1.5x, verify <= 1.2x, peak RSS <= 300 MB).
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordRow, timeCommand, timeNode } from './_util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
const root = mkdtempSync(join(tmpdir(), 'preuve-bench-build-'));
const env = { ...process.env, PREUVE_OPERATOR: 'bench' };

async function writeRandomFile(path, bytes) {
  const out = createWriteStream(path);
  for (let done = 0; done < bytes; done += 8 << 20) {
    if (!out.write(randomBytes(Math.min(8 << 20, bytes - done))))
      await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve) => out.end(resolve));
}

try {
  const evidence = join(root, 'evidence');
  mkdirSync(join(evidence, 'small'), { recursive: true });
  // The case: one video of 1 GiB (stored, not deflated, as in a real case) and 5,000
  // files of 1-20 KB.
  await writeRandomFile(join(evidence, 'VID_20261120_210000.mp4'), 1 << 30);
  for (let i = 0; i < 5000; i += 1)
    writeFileSync(join(evidence, 'small', `capture-${i}.bin`), randomBytes(1024 + (i % 20) * 1024));
  const caseDir = join(root, 'case');
  timeCommand(process.execPath, [bin, 'init', caseDir, '-q'], { env });
  timeCommand(process.execPath, [bin, 'add', '-q', '--case', caseDir, evidence], { env });
  const files = readdirSync(join(caseDir, 'evidence'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  timeCommand('sh', ['-c', 'xargs -0 cat > /dev/null'], { input: files.join('\0') });

  const build = timeNode([bin, 'build', '-q', '--case', caseDir], { env });
  const zip = timeCommand('sh', [
    '-c',
    `cd "${join(caseDir, 'evidence')}" && zip -q -r -0 "${join(root, 'plain.zip')}" .`,
  ]);
  const dgst = timeCommand('sh', ['-c', 'xargs -0 openssl dgst -sha256 > /dev/null'], {
    input: files.join('\0'),
  });
  const outDir = join(caseDir, 'out');
  const pdfFile = readdirSync(outDir).find((name) => name.endsWith('.pdf'));
  const pages = execFileSync('qpdf', ['--show-npages', join(outDir, pdfFile)])
    .toString()
    .trim();
  recordRow({
    figure: 'preuve build (1 GiB file + 5,000 files)',
    seconds: build.seconds,
    peakRssMb: build.peakRssMb,
    yardstick: 'zip -r -0 + openssl dgst -sha256',
    yardstickSeconds: zip.seconds + dgst.seconds,
    target: '<= 1.5x, peak <= 300 MB',
    extra: { extra: `${pages}-page PDF` },
  });

  const zipFile = join(
    outDir,
    readdirSync(outDir).find((name) => name.endsWith('.zip')),
  );
  const verify = timeNode([bin, 'verify', '-q', zipFile], { env });
  const zipDgst = timeCommand('openssl', ['dgst', '-sha256', zipFile]);
  recordRow({
    figure: 'preuve verify of that dossier ZIP',
    seconds: verify.seconds,
    peakRssMb: verify.peakRssMb,
    yardstick: 'openssl dgst -sha256 of the ZIP',
    yardstickSeconds: zipDgst.seconds,
    target: '<= 1.2x, peak <= 300 MB',
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
