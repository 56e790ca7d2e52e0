// Fault injection over every window of a command (issue 21 point 1): shared by
// benchmarks/crash-windows.js (every window) and tests/e2e/crash-windows.test.ts (a few).
//
// Two ways to place the kill:
// - `fs` (default): a preload (./_fs-kill.js) kills the process (SIGKILL) just before its Nth
//   file-system call on the case folder: every `fs` call, reads included. A kill before a call that
//   follows a read leaves the same files as a kill before that read, so the loop tries only the
//   windows after a call that can change something (all of them with CRASH_ALL=1).
// - `points`: PREUVE_FAULT_AT=N kills at preuve's Nth own write point (src/model/fault-point.ts).
//
// For window N = 1, 2, … the command runs on a fresh copy of the case and is killed. Then:
//   1. out/ shows nothing finished that is not: each ZIP there verifies, a PDF stands with its ZIP;
//   2. `verify` passes, or fails naming the interruption and the command that repairs it (never a
//      manual edit);
//   3. the next command opens the case (on every other such window the named repair,
//      `preuve recover`, comes first and must leave a case that verifies), finishes or undoes the
//      interrupted change, and logs it (a `recover` custody line);
//   4. `verify` passes and the case holds what an uninterrupted run leaves (exhibits, withdrawals,
//      highlights, facts);
//   5. the next `add` works (for a build: the dossier verifies), and out/ keeps no partial file.
// The killed command and the run that counts its calls are always spawned (a kill, a preload). The
// commands around them (the setup, the checks, the repair, the next command) run with `runAround`:
// spawned too by default; the tests run them with the CLI in their own process (one start-up less
// each).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'preuve.js');
const PRELOAD = join(root, 'benchmarks', '_fs-kill.js');
const REFERENCE = 'PRV-20261130-7K3Q';
const ENV = {
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
  PREUVE_OPERATOR: 'Claire Martin (test)',
  TZ: 'Europe/Paris',
  NO_COLOR: '1',
  CI: '1',
};

function run(args, extraEnv = {}, nodeArgs = []) {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    env: { ...process.env, ...ENV, ...extraEnv },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {
    code: result.status,
    signal: result.signal,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** Runs preuve in a child process, as `runAround` does by default: `{ code, output }`. */
export async function spawnAround(args, env) {
  return run(args, env);
}

/** A synthetic PDF receipt: small, valid enough for content detection. */
const SAMPLE_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/**
 * The evidence a family brings: a folder with a screenshot (PNG), a photo (JPEG), an iPhone HEIC
 * and a WhatsApp export zip with its photos and voice note. Synthetic, written once per run.
 */
async function writeInputs(inputs) {
  const { default: sharp } = await import('sharp');
  const folder = join(inputs, 'folder');
  mkdirSync(folder, { recursive: true });
  const background = { r: 240, g: 240, b: 245 };
  await sharp({ create: { width: 120, height: 240, channels: 3, background } })
    .png()
    .toFile(join(folder, 'Screenshot_20240312-210455.png'));
  await sharp({
    create: { width: 100, height: 80, channels: 3, background: { r: 200, g: 100, b: 50 } },
  })
    .jpeg()
    .toFile(join(folder, 'IMG_20240312_210455.jpg'));
  cpSync(join(root, 'tests', 'fixtures', 'images', 'grey-64x64.heic'), join(folder, 'photo.heic'));
  const zipped = spawnSync('zip', ['-q', '-r', '-X', join(folder, 'WhatsApp Chat.zip'), '.'], {
    cwd: join(root, 'tests', 'fixtures', 'whatsapp', 'android-fr-media'),
  });
  if (zipped.status !== 0) throw new Error(`zip failed: ${zipped.stderr}`);
  writeFileSync(join(inputs, 'receipt-1.pdf'), SAMPLE_PDF);
  writeFileSync(join(inputs, 'receipt-2.pdf'), `${SAMPLE_PDF}% second\n`);
  return folder;
}

/**
 * The scenarios: each prepares a case, then names the command to interrupt. `runAround(args, env)`
 * runs the steps that prepare the cases and, in tryCrashWindows, every command but the killed one
 * and the count.
 */
export async function crashScenarios(workDir, { runAround = spawnAround } = {}) {
  const inputs = join(workDir, 'inputs');
  mkdirSync(inputs, { recursive: true });
  const folder = await writeInputs(inputs);
  const receipt = join(inputs, 'receipt-1.pdf');
  const chat = join(root, 'tests', 'fixtures', 'whatsapp', 'android-fr.txt');
  const facts = join(root, 'examples', 'facts.yaml');
  // A case prepared by the same first steps is prepared once: each base starts as a copy of the
  // longest list of its first steps already run (the bare case at least), and keeps a copy after
  // each of its own steps for the next scenarios. A case names no path of its own (each window is
  // a copy too), so the copy is the case those steps leave. The uninterrupted run of a scenario's
  // command (the count) is such a step too: what it leaves is kept for a base whose steps go on
  // from it (the rebuild's case starts from the build's).
  const prepared = new Map();
  const prepare = async (dir, steps) => {
    let done = steps.length;
    while (!prepared.has(JSON.stringify(steps.slice(0, done)))) done -= 1;
    cpSync(prepared.get(JSON.stringify(steps.slice(0, done))), dir, { recursive: true });
    for (; done < steps.length; done += 1) {
      must(await runAround([...steps[done], '--case', dir], ENV));
      const snapshot = `${dir}.${done + 1}`;
      cpSync(dir, snapshot, { recursive: true });
      prepared.set(JSON.stringify(steps.slice(0, done + 1)), snapshot);
    }
  };
  const scenario = (name, baseName, steps, command, more = {}) => ({
    name,
    command,
    runAround,
    ...more,
    prepare: async () => {
      const dir = join(workDir, 'base', baseName);
      if (existsSync(dir)) return dir;
      if (!prepared.has('[]')) {
        const bare = join(workDir, 'base', 'bare');
        must(
          await runAround(
            ['init', bare, '--reference', REFERENCE, '--timezone', 'Europe/Paris'],
            ENV,
          ),
        );
        prepared.set('[]', bare);
      }
      await prepare(dir, steps);
      return dir;
    },
    // The case the uninterrupted run left (moved, not copied): the steps plus the command.
    keep: (clean) => {
      const key = JSON.stringify([...steps, command]);
      if (prepared.has(key)) {
        rmSync(clean, { recursive: true, force: true });
        return;
      }
      const kept = join(workDir, 'base', `${baseName}.done`);
      renameSync(clean, kept);
      prepared.set(key, kept);
    },
  });
  const addReceipt = ['add', receipt];
  const addChat = ['add', chat];
  return [
    scenario('add (a folder: images and a chat zip)', 'add-folder', [addReceipt], ['add', folder]),
    scenario('add (a file)', 'add-file', [addReceipt], ['add', join(inputs, 'receipt-2.pdf')]),
    scenario('facts import', 'facts', [addReceipt], ['facts', 'import', facts]),
    scenario(
      'highlight',
      'highlight',
      [addChat],
      ['highlight', 'P1', '2', '--note', 'first threat'],
    ),
    scenario(
      'withdraw',
      'withdraw',
      [addReceipt, addChat],
      ['withdraw', 'P1', '--reason', 'added by mistake'],
      // Run again after it took effect, it refuses and changes nothing: that is the right answer.
      { again: (result) => result.code === 0 || /already withdrawn/.test(result.output) },
    ),
    scenario('build', 'build', [addReceipt, addChat], ['build']),
    // The build's case, built (the build scenario's uninterrupted run, when it ran first), then
    // changed.
    scenario(
      'build (rebuild after a change)',
      'rebuild',
      [addReceipt, addChat, ['build'], ['add', join(inputs, 'receipt-2.pdf')]],
      ['build', '--force'],
    ),
  ];
}

function must(result) {
  if (result.code !== 0) throw new Error(`setup failed: ${result.output}`);
}

/** What the change is about, to compare with an uninterrupted run (not times or hashes). */
function caseSummary(caseDir) {
  const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
  const exhibits = caseFile.exhibits ?? [];
  return JSON.stringify({
    exhibits: exhibits.length,
    withdrawn: exhibits.filter((exhibit) => exhibit.withdrawn).map((exhibit) => exhibit.number),
    highlights: exhibits.map((exhibit) => (exhibit.highlights ?? []).length),
    facts: caseFile.facts === undefined ? null : Object.keys(caseFile.facts).sort(),
  });
}

/** The calls of an uninterrupted run, as the preload saw them: `{ name, changes }` each. */
function countCalls(scenario, caseDir, workDir) {
  const listing = join(workDir, 'calls.jsonl');
  rmSync(listing, { force: true });
  const result = run(
    [...scenario.command, '--case', caseDir],
    { PREUVE_KILL_ROOT: caseDir, PREUVE_KILL_COUNT: listing },
    ['--import', PRELOAD],
  );
  if (result.code !== 0) throw new Error(`${scenario.name}: clean run failed: ${result.output}`);
  return readFileSync(listing, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/**
 * Tries the windows of one scenario: all of them, or those `pick(n)` accepts. Returns the calls
 * counted, the windows tried and the broken ones with what went wrong.
 */
export async function tryCrashWindows(scenario, workDir, options = {}) {
  const mode = options.mode ?? process.env.CRASH_MODE ?? 'fs';
  const all = options.all ?? process.env.CRASH_ALL === '1';
  // CRASH_STRIDE=n tries one window in n (1, 1+n, …) when time is short; the default tries all.
  const stride = Number(process.env.CRASH_STRIDE ?? 1);
  const pick = options.pick ?? ((window) => (window - 1) % stride === 0);
  const around = scenario.runAround;
  const baseDir = await scenario.prepare();
  const clean = join(workDir, 'clean');
  rmSync(clean, { recursive: true, force: true });
  cpSync(baseDir, clean, { recursive: true });
  const calls = mode === 'fs' ? countCalls(scenario, clean, workDir) : undefined;
  if (!calls) {
    const cleanRun = await around([...scenario.command, '--case', clean], ENV);
    if (cleanRun.code !== 0)
      throw new Error(`${scenario.name}: clean run failed: ${cleanRun.output}`);
  }
  const expected = caseSummary(clean);
  scenario.keep(clean);
  const limit = options.limit ?? (calls ? calls.length : 200);
  const distinct = calls
    ? calls
        .map((_, index) => index + 1)
        .filter((window) => all || window === 1 || calls[window - 2].changes)
    : undefined;
  const windows = distinct?.length;
  // `sample: k` tries k windows spread evenly over the first nine tenths of the distinct ones, each
  // in the middle of its k-th share (a run may make a few calls fewer than the counted one: the
  // last windows may not come).
  const span = distinct ? Math.max(1, Math.floor(distinct.length * 0.9)) : 0;
  const sampled =
    options.sample && distinct
      ? new Set(
          Array.from(
            { length: options.sample },
            (_, i) => distinct[Math.min(span - 1, Math.floor(((i + 0.5) * span) / options.sample))],
          ),
        )
      : undefined;

  let tried = 0;
  const broken = [];
  for (let window = 1; window <= limit; window += 1) {
    // After a read, a kill leaves the files as a kill before that read did: same window.
    if (calls && !all && window > 1 && !calls[window - 2]?.changes) continue;
    if (sampled ? !sampled.has(window) : !pick(window)) continue;
    const caseDir = join(workDir, `w${window}`);
    rmSync(caseDir, { recursive: true, force: true });
    cpSync(baseDir, caseDir, { recursive: true });
    try {
      const killed =
        mode === 'fs'
          ? run(
              [...scenario.command, '--case', caseDir],
              { PREUVE_KILL_ROOT: caseDir, PREUVE_KILL_AT: String(window) },
              ['--import', PRELOAD],
            )
          : run([...scenario.command, '--case', caseDir], { PREUVE_FAULT_AT: String(window) });
      if (killed.signal !== 'SIGKILL') {
        if (killed.code !== 0)
          broken.push({ window, problem: `not killed, failed: ${killed.output.trim()}` });
        if (mode === 'points' || (options.pick === undefined && !sampled)) break;
        continue;
      }
      tried += 1;
      // Every other window runs `preuve recover` first; `repairFirst: true` starts with it.
      const problem = await checkWindow(
        scenario,
        caseDir,
        expected,
        (tried + (options.repairFirst ? 1 : 0)) % 2 === 0,
      );
      if (problem) broken.push({ window, call: calls?.[window - 1]?.name, problem });
      options.onWindow?.({ window, call: calls?.[window - 1]?.name, ok: !problem, problem });
    } finally {
      rmSync(caseDir, { recursive: true, force: true });
    }
  }
  return { name: scenario.name, mode, calls: calls?.length, windows, tried, broken };
}

/**
 * What out/ shows as finished must be: every ZIP verifies (but `verified`, a ZIP whose verify just
 * passed on the same files); a PDF stands only with its ZIP.
 */
async function checkOut(around, caseDir, { partialsAllowed, verified }) {
  const outDir = join(caseDir, 'out');
  if (!existsSync(outDir)) return undefined;
  const names = readdirSync(outDir);
  for (const name of names) {
    const hidden = name.startsWith('.');
    if (hidden || /partial|\.tmp/.test(name)) {
      if (!partialsAllowed) return `out/${name} survived the next command`;
      if (!hidden) return `out/${name} is a partial file that is not hidden`;
      continue;
    }
    if (name.endsWith('.zip')) {
      if (join(outDir, name) === verified) continue;
      const dossier = await around(['verify', join(outDir, name)], ENV);
      if (dossier.code !== 0)
        return `out/${name} looks finished but does not verify: ${dossier.output.trim()}`;
    } else if (name.endsWith('.pdf')) {
      if (!names.includes(name.replace(/\.pdf$/, '.zip')))
        return `out/${name} stands without its ZIP`;
    } else {
      return `out/${name} is neither a dossier nor hidden`;
    }
  }
  return undefined;
}

function recoverLines(caseDir) {
  return readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => /"action":"recover"/.test(line)).length;
}

async function checkWindow(scenario, caseDir, expected, repairFirst) {
  const around = scenario.runAround;
  const shown = await checkOut(around, caseDir, { partialsAllowed: true });
  if (shown) return `after the kill: ${shown}`;
  const before = await around(['verify', caseDir], ENV);
  const interrupted = before.code !== 0;
  if (interrupted) {
    if (/by hand|à la main|unexpected error|erreur inattendue/.test(before.output))
      return `verify after the kill blames a manual edit or crashes: ${before.output.trim()}`;
    // verify speaks the case's language: the demo-like cases here are French.
    if (!/interrupted|interrompu/.test(before.output) || !/preuve recover/.test(before.output))
      return `verify after the kill does not name the interruption and its repair: ${before.output.trim()}`;
  }
  const recoversBefore = recoverLines(caseDir);
  if (interrupted && repairFirst) {
    const repair = await around(['recover', '--case', caseDir], ENV);
    if (repair.code !== 0) return `preuve recover failed: ${repair.output.trim()}`;
    const repaired = await around(['verify', caseDir], ENV);
    if (repaired.code !== 0) return `verify after recover fails: ${repaired.output.trim()}`;
  }
  const again = await around([...scenario.command, '--case', caseDir], ENV);
  const accepted = scenario.again ? scenario.again(again) : again.code === 0;
  if (!accepted) return `the next command (the same again) fails: ${again.output.trim()}`;
  if (interrupted && recoverLines(caseDir) === recoversBefore)
    return 'the interrupted change was finished or undone without a recover line in the custody log';
  const after = await around(['verify', caseDir], ENV);
  if (after.code !== 0) return `verify after the next command fails: ${after.output.trim()}`;
  const summary = caseSummary(caseDir);
  if (summary !== expected)
    return `the case holds ${summary} after recovery, ${expected} after an uninterrupted run`;
  let verified;
  if (scenario.command[0] === 'build') {
    verified = join(caseDir, 'out', `${REFERENCE}.zip`);
    const dossier = await around(['verify', verified], ENV);
    if (dossier.code !== 0) return `the rebuilt dossier does not verify: ${dossier.output.trim()}`;
  } else if (scenario.command[0] !== 'add') {
    const next = join(caseDir, '..', `next-${process.pid}.txt`);
    writeFileSync(next, `the next evidence ${caseDir}\n`);
    const added = await around(['add', next, '--case', caseDir], ENV);
    rmSync(next, { force: true });
    if (added.code !== 0) return `the next add fails: ${added.output.trim()}`;
  }
  return checkOut(around, caseDir, { partialsAllowed: false, verified });
}

export function makeWorkDir() {
  return mkdtempSync(join(tmpdir(), 'preuve-crash-'));
}
