#!/usr/bin/env node
// preuve build and preuve verify on a case holding 1 GiB of evidence, next to `zip -r -0` +
// `openssl dgst -sha256` on the same files (targets, issue 6: build <= 1.5x, RSS <= 300 MB; verify <= 1.2x
// openssl dgst -sha256 over the payload).
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratio, timeCommand, timeNode } from './_util.js';

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
  mkdirSync(evidence);
  // Four videos of 256 MiB (stored, not deflated, as in a real case) and a few screenshots.
  for (let i = 0; i < 4; i += 1)
    await writeRandomFile(join(evidence, `VID_2026112${i}_210000.mp4`), 256 << 20);
  for (let i = 0; i < 20; i += 1)
    await writeRandomFile(join(evidence, `Screenshot_2026112${i % 10}-2100${10 + i}.png`), 200_000);
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
  const baseline = zip.seconds + dgst.seconds;
  console.log('build (1 GiB of evidence):');
  console.log(
    `  preuve build               ${build.seconds.toFixed(2)} s  (peak RSS ${build.peakRssMb.toFixed(0)} MB)`,
  );
  console.log(
    `  zip -r -0 + openssl dgst   ${baseline.toFixed(2)} s  (zip ${zip.seconds.toFixed(2)} + openssl ${dgst.seconds.toFixed(2)})  ratio ${ratio(build.seconds, baseline)}`,
  );

  const zipFile = readdirSync(join(caseDir, 'out')).find((name) => name.endsWith('.zip'));
  const verify = timeNode([bin, 'verify', '-q', join(caseDir, 'out', zipFile)], { env });
  console.log('verify (the dossier ZIP, read in place; SHA-256 and SHA-512 of every file):');
  console.log(
    `  preuve verify              ${verify.seconds.toFixed(2)} s  (peak RSS ${verify.peakRssMb.toFixed(0)} MB)`,
  );
  console.log(
    `  openssl dgst -sha256       ${dgst.seconds.toFixed(2)} s  ratio ${ratio(verify.seconds, dgst.seconds)}`,
  );
  const dgst512 = timeCommand('sh', ['-c', 'xargs -0 openssl dgst -sha512 > /dev/null'], {
    input: files.join('\0'),
  });
  console.log(
    `  openssl dgst -sha256 then -sha512  ${(dgst.seconds + dgst512.seconds).toFixed(2)} s  ratio ${ratio(verify.seconds, dgst.seconds + dgst512.seconds)}`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
