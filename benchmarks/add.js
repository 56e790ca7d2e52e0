#!/usr/bin/env node
// preuve add against cp + openssl dgst -sha256 (and cp + sha256sum) on the same files, in the same run:
// one 1 GiB file, then 5,000 small files. Target (issue 2): ratio <= 1.0 against cp + openssl dgst.
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
import { ratio, recordRow, timeCommand, timeNode } from './_util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
const root = mkdtempSync(join(tmpdir(), 'preuve-bench-add-'));
const env = { ...process.env, PREUVE_OPERATOR: 'bench' };

async function writeRandomFile(path, bytes) {
  const out = createWriteStream(path);
  const chunk = 8 * 1024 * 1024;
  for (let done = 0; done < bytes; done += chunk) {
    if (!out.write(randomBytes(Math.min(chunk, bytes - done))))
      await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve) => out.end(resolve));
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

async function compare(label, source, target) {
  timeCommand('sh', ['-c', 'xargs -0 cat > /dev/null'], { input: listFiles(source).join('\0') }); // warm the page cache for every contender alike
  const caseDir = join(root, `case-${label}`);
  timeCommand(process.execPath, [bin, 'init', caseDir, '-q'], { env });
  const preuve = timeNode([bin, 'add', '-q', '--case', caseDir, source], { env });
  const copyDir = join(root, `cp-${label}`);
  const cp = timeCommand('cp', ['-r', source, copyDir]);
  const copied = listFiles(copyDir);
  const openssl = timeCommand('sh', ['-c', 'xargs -0 openssl dgst -sha256 > /dev/null'], {
    input: copied.join('\0'),
  });
  const sha256sum = timeCommand('sh', ['-c', 'xargs -0 sha256sum > /dev/null'], {
    input: copied.join('\0'),
  });
  rmSync(copyDir, { recursive: true, force: true });
  // preuve makes its copies durable (fsync) before recording them; cp does not. Same work, durable:
  const cpSync = timeCommand('sh', ['-c', `cp -r "$0" "$1" && sync -f "$1"`, source, copyDir]);
  rmSync(copyDir, { recursive: true, force: true });
  rmSync(caseDir, { recursive: true, force: true });
  const baseline = cp.seconds + openssl.seconds;
  recordRow({
    figure: `preuve add ${label}`,
    seconds: preuve.seconds,
    peakRssMb: preuve.peakRssMb,
    yardstick: 'cp + openssl dgst -sha256',
    yardstickSeconds: baseline,
    target,
  });
  console.log(
    `  cp + sha256sum            ${(cp.seconds + sha256sum.seconds).toFixed(2)} s  ratio ${ratio(preuve.seconds, cp.seconds + sha256sum.seconds)}`,
  );
  const durable = cpSync.seconds + openssl.seconds;
  console.log(
    `  cp + sync + openssl dgst  ${durable.toFixed(2)} s  ratio ${ratio(preuve.seconds, durable)}  (durable copy, as preuve does)`,
  );
}

try {
  const big = join(root, 'big');
  mkdirSync(big);
  await writeRandomFile(join(big, 'video-1GiB.mp4'), 1024 ** 3);
  await compare('one 1 GiB file', big, '<= 1.0x');
  rmSync(big, { recursive: true, force: true });

  const small = join(root, 'small');
  for (let folder = 0; folder < 50; folder += 1) {
    mkdirSync(join(small, `f${folder}`), { recursive: true });
    for (let file = 0; file < 100; file += 1) {
      writeFileSync(
        join(small, `f${folder}`, `capture-${file}.bin`),
        randomBytes(1024 + ((folder * 100 + file) % 20) * 1024),
      );
    }
  }
  await compare('5,000 files of 1-20 KB', small, '<= 1.5x');
} finally {
  rmSync(root, { recursive: true, force: true });
}
