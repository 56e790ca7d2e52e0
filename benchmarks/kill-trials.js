#!/usr/bin/env node
// Crash safety, proven by brute force (issue 19 point 4): N trials, each starting `preuve add` of a
// folder of mixed files (or `preuve build`) and killing it with SIGKILL at a random moment. After
// each kill: `preuve verify` of the case passes or names the state and the command that repairs
// it; the next add or build works; out/ holds no temporary file and no dossier that fails verify.
//   node benchmarks/kill-trials.js [trials=100] [bigFiles=4] [bigMiB=50] [seed=1]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
const ENV = {
  ...process.env,
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
  PREUVE_OPERATOR: 'Trials',
  NO_COLOR: '1',
  CI: '1',
};

/** A seeded random number generator (mulberry32), so that a failing trial can be replayed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function run(args) {
  return spawnSync(process.execPath, [BIN, ...args], { env: ENV, encoding: 'utf8' });
}

/** ~200 mixed files: small texts, small PNG-looking files, and a few big ones. */
function writeEvidenceFolder(folder, bigFiles, bigMiB) {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < 196; i += 1) {
    writeFileSync(join(folder, `note-${i}.txt`), `note ${i}\n`.repeat(1 + (i % 50)));
  }
  for (let i = 0; i < bigFiles; i += 1) {
    writeFileSync(join(folder, `video-${i}.bin`), Buffer.alloc(bigMiB * 1024 * 1024, i + 1));
  }
}

function killAfter(args, delayMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: ENV, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : `finished (${code})`);
    });
  });
}

const leftovers = (caseDir) => {
  try {
    return readdirSync(join(caseDir, 'out')).filter(
      (name) => name.startsWith('.') || /partial/.test(name),
    );
  } catch {
    return [];
  }
};

/**
 * Runs the trials; returns one record per trial (`ok` false names what broke). The whole case is
 * thrown away after each trial.
 */
export async function runKillTrials({
  trials = 100,
  bigFiles = 4,
  bigMiB = 50,
  seed = 1,
  log = console.log,
} = {}) {
  const next = random(seed);
  const work = mkdtempSync(join(tmpdir(), 'preuve-kill-'));
  const results = [];
  try {
    const evidence = join(work, 'evidence');
    writeEvidenceFolder(evidence, bigFiles, bigMiB);
    for (let trial = 1; trial <= trials; trial += 1) {
      const caseDir = join(work, `case-${trial}`);
      const problems = [];
      if (run(['init', caseDir]).status !== 0) problems.push('init failed');
      const isBuild = next() < 0.5;
      if (isBuild && run(['add', evidence, '--case', caseDir, '--yes']).status !== 0)
        problems.push('add before build failed');
      const delay = Math.floor(next() * (isBuild ? 4000 : 6000));
      const command = isBuild
        ? ['build', '--case', caseDir, '--yes']
        : ['add', evidence, '--case', caseDir, '--yes'];
      const outcome = await killAfter(command, delay);
      const verify = run(['verify', caseDir]);
      const said = `${verify.stdout}${verify.stderr}`;
      if (verify.status !== 0 && !/preuve [a-z]+/.test(said))
        problems.push(`verify fails without a repair command: ${said.trim().slice(0, 200)}`);
      if (/unexpected error|\n\s+at /.test(said)) problems.push('verify crashed');
      const again = run(command);
      if (again.status !== 0)
        problems.push(`the next ${command[0]} failed: ${again.stderr.trim().slice(0, 200)}`);
      const left = leftovers(caseDir);
      if (left.length > 0) problems.push(`out/ keeps ${left.join(', ')}`);
      const final = run(['verify', caseDir]);
      if (final.status !== 0)
        problems.push(
          `verify after the next ${command[0]} fails: ${final.stdout.trim().slice(0, 200)}`,
        );
      results.push({
        trial,
        command: command[0],
        delay,
        outcome,
        ok: problems.length === 0,
        problems,
      });
      log(
        `trial ${trial}: ${command[0]} killed at ${delay} ms (${outcome}): ${problems.length === 0 ? 'ok' : problems.join('; ')}`,
      );
      rmSync(caseDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [trials = '100', bigFiles = '4', bigMiB = '50', seed = '1'] = process.argv.slice(2);
  const results = await runKillTrials({
    trials: Number(trials),
    bigFiles: Number(bigFiles),
    bigMiB: Number(bigMiB),
    seed: Number(seed),
  });
  const broken = results.filter((result) => !result.ok).length;
  console.log(`${results.length} trials, ${broken} left the case unusable or inconsistent`);
  process.exitCode = broken > 0 ? 1 : 0;
}
