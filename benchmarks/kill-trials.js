#!/usr/bin/env node
// Crash safety, proven by brute force (issue 19 point 4): N trials, each starting `preuve add` of a
// folder of mixed files (or `preuve build`) and killing it with SIGKILL at a random moment. After
// each kill: `preuve verify` of the case passes or names the state and the command that repairs
// it; out/ holds no PDF or ZIP that fails `preuve verify` (nothing that looks finished and is
// not); the next add or build works; after it, out/ holds no temporary file and verify passes.
//   node benchmarks/kill-trials.js [trials=100] [bigFiles=4] [bigMiB=50] [seed=1]
// Each trial is one JSON line in benchmarks/results.jsonl (not committed), then a summary line.
// The killed command and the timed runs that place the kills are always spawned; the commands
// around them (init, the checks, the next command) run with `runAround`: spawned too by default,
// with the CLI in the test's own process in tests/e2e/kill-trials.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');
/** What every run here adds to the environment: a fixed clock and operator, no colours. */
const RUN_ENV = {
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
  PREUVE_OPERATOR: 'Trials',
  NO_COLOR: '1',
  CI: '1',
};
const ENV = { ...process.env, ...RUN_ENV };

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

/** Runs preuve in a child process, as `runAround` does by default: `{ code, stdout, stderr }`. */
async function spawnAround(args) {
  const result = run(args);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `notes` small texts (196 by default: ~200 mixed files) and a few big files. */
function writeEvidenceFolder(folder, notes, bigFiles, bigMiB) {
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < notes; i += 1) {
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

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results.jsonl');

const outNames = (caseDir) => {
  try {
    return readdirSync(join(caseDir, 'out'));
  } catch {
    return [];
  }
};

/** Problems with what out/ shows as finished: every ZIP must verify; a PDF needs its ZIP. */
async function checkFinishedLooking(runAround, caseDir) {
  const problems = [];
  const shown = outNames(caseDir).filter((name) => !name.startsWith('.'));
  for (const name of shown) {
    if (name.endsWith('.zip')) {
      const verdict = await runAround(['verify', join(caseDir, 'out', name)], RUN_ENV);
      if (verdict.code !== 0)
        problems.push(
          `out/${name} looks finished but fails verify: ${`${verdict.stdout}${verdict.stderr}`.trim().slice(0, 200)}`,
        );
    } else if (name.endsWith('.pdf')) {
      if (!shown.includes(name.replace(/\.pdf$/, '.zip')))
        problems.push(`out/${name} stands without its ZIP`);
    } else {
      problems.push(`out/${name} is neither a dossier nor hidden`);
    }
  }
  return problems;
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
 * thrown away after each trial. `runAround(args, env)` runs every command but the killed one and
 * the two timed ones.
 */
export async function runKillTrials({
  trials = 100,
  bigFiles = 4,
  bigMiB = 50,
  notes = 196,
  seed = 1,
  log = console.log,
  writeResults = false,
  runAround = spawnAround,
} = {}) {
  const next = random(seed);
  const work = mkdtempSync(join(tmpdir(), 'preuve-kill-'));
  const results = [];
  try {
    const evidence = join(work, 'evidence');
    writeEvidenceFolder(evidence, notes, bigFiles, bigMiB);
    // The kill lands anywhere in the command's run: delays spread over its uninterrupted duration
    // on this machine (measured once), not over a fixed span that a slow machine never passes.
    const calibration = join(work, 'calibration');
    const created = await runAround(['init', calibration], RUN_ENV);
    if (created.code !== 0) throw new Error(`calibration failed: ${created.stderr}`);
    const timed = (args) => {
      const started = Date.now();
      if (run(args).status !== 0) throw new Error(`calibration failed: ${args.join(' ')}`);
      return Date.now() - started;
    };
    // The calibration's case, new and then with the evidence added, is where every trial starts:
    // a trial copies it rather than running init (and the add before a build) again.
    const bare = join(work, 'bare');
    const added = join(work, 'added');
    cpSync(calibration, bare, { recursive: true });
    const span = { add: timed(['add', evidence, '--case', calibration, '--yes']) };
    cpSync(calibration, added, { recursive: true });
    span.build = timed(['build', '--case', calibration, '--yes']);
    rmSync(calibration, { recursive: true, force: true });
    log(`uninterrupted: add ${span.add} ms, build ${span.build} ms`);
    for (let trial = 1; trial <= trials; trial += 1) {
      const caseDir = join(work, `case-${trial}`);
      const problems = [];
      const isBuild = next() < 0.5;
      cpSync(isBuild ? added : bare, caseDir, { recursive: true });
      const delay = Math.floor(next() * (isBuild ? span.build : span.add));
      const command = isBuild
        ? ['build', '--case', caseDir, '--yes']
        : ['add', evidence, '--case', caseDir, '--yes'];
      const outcome = await killAfter(command, delay);
      problems.push(...(await checkFinishedLooking(runAround, caseDir)));
      const verify = await runAround(['verify', caseDir], RUN_ENV);
      const said = `${verify.stdout}${verify.stderr}`;
      if (verify.code !== 0 && !/preuve [a-z]+/.test(said))
        problems.push(`verify fails without a repair command: ${said.trim().slice(0, 200)}`);
      if (verify.code !== 0 && /by hand|à la main/.test(said))
        problems.push(`verify blames a manual edit: ${said.trim().slice(0, 200)}`);
      if (/unexpected error|erreur inattendue|\n\s+at /.test(said)) problems.push('verify crashed');
      const again = await runAround(command, RUN_ENV);
      if (again.code !== 0)
        problems.push(`the next ${command[0]} failed: ${again.stderr.trim().slice(0, 200)}`);
      const left = leftovers(caseDir);
      if (left.length > 0) problems.push(`out/ keeps ${left.join(', ')}`);
      problems.push(...(await checkFinishedLooking(runAround, caseDir)));
      const final = await runAround(['verify', caseDir], RUN_ENV);
      if (final.code !== 0)
        problems.push(
          `verify after the next ${command[0]} fails: ${final.stdout.trim().slice(0, 200)}`,
        );
      const record = {
        trial,
        command: command[0],
        delay,
        outcome,
        repairNamed: verify.code === 0 ? null : (said.match(/preuve [a-z]+/)?.[0] ?? null),
        ok: problems.length === 0,
        problems,
      };
      results.push(record);
      if (writeResults)
        appendFileSync(
          RESULTS_FILE,
          `${JSON.stringify({ figure: 'kill-trial', seed, ...record })}\n`,
        );
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
  const started = Date.now();
  const results = await runKillTrials({
    trials: Number(trials),
    bigFiles: Number(bigFiles),
    bigMiB: Number(bigMiB),
    seed: Number(seed),
    writeResults: true,
  });
  const seconds = (Date.now() - started) / 1000;
  const broken = results.filter((result) => !result.ok).length;
  const killed = results.filter((result) => result.outcome === 'killed').length;
  const summary = {
    figure: 'kill-trials',
    command: `node benchmarks/kill-trials.js ${trials} ${bigFiles} ${bigMiB} ${seed}`,
    trials: results.length,
    killed,
    byCommand: {
      add: results.filter((result) => result.command === 'add').length,
      build: results.filter((result) => result.command === 'build').length,
    },
    broken,
    target: 0,
    seconds: Math.round(seconds),
    at: new Date().toISOString(),
  };
  appendFileSync(RESULTS_FILE, `${JSON.stringify(summary)}\n`);
  console.log(
    `${results.length} trials (${killed} killed before finishing), ${broken} left the case unusable or inconsistent (${Math.round(seconds)} s)`,
  );
  process.exitCode = broken > 0 ? 1 : 0;
}
