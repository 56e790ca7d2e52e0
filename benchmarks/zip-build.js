// Benchmark of the BagIt ZIP (run after `npm run build`; imports dist/).
//
//   node benchmarks/zip-build.js [--gib 1] [--encrypt]
//
// Makes ~1 GiB of synthetic evidence in a temporary folder (three big random "videos" and
// "photos", which are stored, plus a few hundred small text files, which are deflated), then:
// - writeBagZip, timed with its peak RSS, next to `zip -r -0` + `openssl dgst -sha256` on the
//   same files (target: ratio <= 1.5, RSS <= 300 MB);
// - verifyBag on the ZIP, next to `openssl dgst -sha256` over the payload (target <= 1.2).
// Each preuve step runs in its own Node process, so its peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MiB = 1024 * 1024;
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  await runChild(process.argv[3], JSON.parse(process.argv[4]));
} else {
  await main();
}

async function main() {
  const gib = Number(flagValue('--gib') ?? 1);
  const encrypt = process.argv.includes('--encrypt');
  const dir = mkdtempSync(join(tmpdir(), 'preuve-bench-'));
  try {
    const evidence = join(dir, 'evidence');
    const payload = makeEvidence(evidence, gib * 1024 * MiB);
    const totalBytes = payload.reduce((sum, entry) => sum + statSync(entry.source.file).size, 0);
    const files = payload.map((entry) => entry.source.file);
    console.log(`evidence: ${(totalBytes / MiB).toFixed(0)} MiB in ${files.length} files`);
    execFileSync('sh', ['-c', `cat ${JSON.stringify(evidence)}/* > /dev/null`]); // warm the page cache

    const zipMs = time(() =>
      execFileSync('zip', ['-r', '-0', '-q', join(dir, 'baseline.zip'), 'evidence'], { cwd: dir }),
    );
    const dgstMs = time(() => execFileSync('openssl', ['dgst', '-sha256', ...files]));
    const dgst512Ms = time(() => execFileSync('openssl', ['dgst', '-sha512', ...files]));
    rmSync(join(dir, 'baseline.zip'));
    const outFile = join(dir, 'dossier.zip');
    const build = child('build', { outFile, payload, encrypt });
    const verify = child('verify', { outFile, passphrase: encrypt ? 'banc d essai' : undefined });

    const baseline = zipMs + dgstMs;
    const rows = [
      ['zip -r -0', zipMs],
      ['openssl dgst -sha256', dgstMs],
      ['openssl dgst -sha512', dgst512Ms],
      [`writeBagZip${encrypt ? ' (AES-256)' : ''}`, build.ms, build.maxRssMb, build.cpuMs],
      ['verifyBag (ZIP)', verify.ms, verify.maxRssMb, verify.cpuMs],
    ];
    for (const [name, ms, rss, cpu] of rows) {
      const extra = rss ? `   peak RSS ${rss.toFixed(0)} MB, CPU ${(cpu / 1000).toFixed(2)} s` : '';
      console.log(`${name.padEnd(24)} ${(ms / 1000).toFixed(2).padStart(7)} s${extra}`);
    }
    console.log(
      `build ratio  ${(build.ms / baseline).toFixed(2)} (target <= 1.5; vs zip -r -0 + openssl dgst -sha256)`,
    );
    console.log(`build RSS    ${build.maxRssMb.toFixed(0)} MB (target <= 300)`);
    console.log(
      `verify ratio ${(verify.ms / dgstMs).toFixed(2)} (target <= 1.2; vs openssl dgst -sha256)`,
    );
    console.log(
      `verify ratio ${(verify.ms / (dgstMs + dgst512Ms)).toFixed(2)} vs openssl dgst -sha256 then -sha512 ` +
        '(the same two manifests checked with standard tools)',
    );
    console.log(
      `load average during the run: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} (${cpus().length} cores)`,
    );
    console.log(`verify RSS   ${verify.maxRssMb.toFixed(0)} MB; findings: ${verify.findings}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Big random "media" files (stored in the ZIP) and small text files (deflated). */
function makeEvidence(evidence, totalBytes) {
  mkdirSync(evidence, { recursive: true });
  const payload = [];
  const textCount = 300;
  const textBytes = 32 * 1024;
  const bigNames = ['P01-video.mp4', 'P02-video.mov', 'P03-photos.zip'];
  const bigSize = Math.floor((totalBytes - textCount * textBytes) / bigNames.length);
  const chunk = Buffer.alloc(16 * MiB);
  for (const name of bigNames) {
    const file = join(evidence, name);
    writeFileSync(file, '');
    for (let written = 0; written < bigSize; written += chunk.length) {
      randomFillSync(chunk);
      writeFileSync(file, chunk.subarray(0, Math.min(chunk.length, bigSize - written)), {
        flag: 'a',
      });
    }
    payload.push({ bagPath: `data/pieces/${name}`, source: { file } });
  }
  const line = '12/03/2024 21:04 - Inconnu: tu as 24 h pour payer 300 € en carte PCS\n';
  for (let index = 0; index < textCount; index += 1) {
    const name = `P04-message-${String(index).padStart(3, '0')}.txt`;
    const file = join(evidence, name);
    writeFileSync(file, line.repeat(Math.ceil(textBytes / line.length)).slice(0, textBytes));
    payload.push({ bagPath: `data/pieces/P04-whatsapp/${name}`, source: { file } });
  }
  return payload;
}

function child(step, args) {
  const output = execFileSync(process.execPath, [self, '--child', step, JSON.stringify(args)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output);
}

async function runChild(step, args) {
  const started = performance.now();
  let findings = 0;
  if (step === 'build') {
    const { writeBagZip } = await import('../dist/bagit/write-bag-zip.js');
    await writeBagZip({
      outFile: args.outFile,
      topFolder: 'BENCH-0001',
      payload: args.payload,
      bagInfo: { 'Source-Organization': 'Banc d essai', 'External-Identifier': 'BENCH-0001' },
      fixedTime: new Date('2024-03-14T09:30:00Z'),
      encrypt: args.encrypt ? { passphrase: 'banc d essai' } : undefined,
    });
  } else {
    const { verifyBag } = await import('../dist/bagit/bag-verify.js');
    const report = await verifyBag(args.outFile, { passphrase: args.passphrase });
    findings = report.findings.length;
  }
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  const maxRssMb = (usage.maxRSS * 1024) / 1e6;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(JSON.stringify({ ms, maxRssMb, cpuMs, findings }));
}

function time(action) {
  const started = performance.now();
  action();
  return performance.now() - started;
}

function flagValue(flag) {
  const index = process.argv.indexOf(flag);
  return index < 0 ? undefined : process.argv[index + 1];
}
