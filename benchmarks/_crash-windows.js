// Fault injection over every write window of a command: shared by benchmarks/crash-windows.js
// (every window) and tests/e2e/crash-windows.test.ts (a few). See src/case/fault-point.ts.
//
// For window N = 1, 2, … the command runs on a fresh copy of the case with PREUVE_FAULT_AT=N and
// kills itself (SIGKILL) at its Nth write point. Then:
//   1. `verify` must pass, or fail naming the interruption and the command that repairs it;
//   2. `preuve recover` (the repair verify names) must succeed, and `verify` must then pass;
//   3. the command run again must succeed, `verify` must pass, and the case must hold as many
//      exhibits as after an uninterrupted run.
// The loop ends at the first N where the command is no longer killed: every window was tried.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'preuve.js');
const ENV = {
  PREUVE_NOW: '2026-11-30T09:15:00.000Z',
  PREUVE_OPERATOR: 'Claire Martin (test)',
  TZ: 'Europe/Paris',
  NO_COLOR: '1',
  CI: '1',
};

function run(args, extraEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
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

/** A synthetic PDF receipt: small, valid enough for content detection. */
const SAMPLE_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** The scenarios: each prepares a case, then names the command to interrupt. */
export function crashScenarios(workDir) {
  const inputs = join(workDir, 'inputs');
  mkdirSync(inputs, { recursive: true });
  writeFileSync(join(inputs, 'receipt-1.pdf'), SAMPLE_PDF);
  writeFileSync(join(inputs, 'receipt-2.pdf'), `${SAMPLE_PDF}% second\n`);
  const chat = join(root, 'tests', 'fixtures', 'whatsapp', 'android-fr.txt');
  const facts = join(root, 'examples', 'facts.yaml');
  const base = (name, steps) => () => {
    const dir = join(workDir, 'base', name);
    must(run(['init', dir, '--reference', 'PRV-20261130-7K3Q', '--timezone', 'Europe/Paris']));
    for (const step of steps) must(run([...step, '--case', dir]));
    return dir;
  };
  return [
    {
      name: 'add (a file)',
      prepare: base('add-file', [['add', join(inputs, 'receipt-1.pdf')]]),
      command: ['add', join(inputs, 'receipt-2.pdf')],
    },
    {
      name: 'add (a chat export)',
      prepare: base('add-chat', [['add', join(inputs, 'receipt-1.pdf')]]),
      command: ['add', chat],
    },
    {
      name: 'facts import',
      prepare: base('facts', [['add', join(inputs, 'receipt-1.pdf')]]),
      command: ['facts', 'import', facts],
    },
    {
      name: 'highlight',
      prepare: base('highlight', [['add', chat]]),
      command: ['highlight', 'P1', '2', '--note', 'first threat'],
    },
    {
      name: 'build',
      prepare: base('build', [
        ['add', join(inputs, 'receipt-1.pdf')],
        ['add', chat],
      ]),
      command: ['build'],
    },
    {
      name: 'build (rebuild after a change)',
      prepare: base('rebuild', [
        ['add', join(inputs, 'receipt-1.pdf')],
        ['build'],
        ['add', join(inputs, 'receipt-2.pdf')],
      ]),
      command: ['build', '--force'],
    },
  ];
}

function must(result) {
  if (result.code !== 0) throw new Error(`setup failed: ${result.output}`);
}

function exhibitCount(caseDir) {
  return JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).exhibits.length;
}

/**
 * Tries the windows of one scenario: all of them, or those `pick(n)` accepts. Returns the windows
 * tried and the broken ones with what went wrong.
 */
export function tryCrashWindows(scenario, workDir, options = {}) {
  // CRASH_STRIDE=n tries one window in n (1, 1+n, …) when time is short; the default tries all.
  const stride = Number(process.env.CRASH_STRIDE ?? 1);
  const pick = options.pick ?? ((window) => (window - 1) % stride === 0);
  const limit = options.limit ?? 200;
  const baseDir = scenario.prepare();
  const clean = join(workDir, 'clean');
  rmSync(clean, { recursive: true, force: true });
  cpSync(baseDir, clean, { recursive: true });
  const cleanRun = run([...scenario.command, '--case', clean]);
  if (cleanRun.code !== 0)
    throw new Error(`${scenario.name}: clean run failed: ${cleanRun.output}`);
  const expectedExhibits = exhibitCount(clean);
  rmSync(clean, { recursive: true, force: true });

  let tried = 0;
  let total = 0;
  const broken = [];
  for (let window = 1; window <= limit; window += 1) {
    if (!pick(window)) continue;
    const caseDir = join(workDir, `w${window}`);
    rmSync(caseDir, { recursive: true, force: true });
    cpSync(baseDir, caseDir, { recursive: true });
    try {
      const killed = run([...scenario.command, '--case', caseDir], {
        PREUVE_FAULT_AT: String(window),
      });
      if (killed.signal !== 'SIGKILL') {
        total = window - 1;
        if (killed.code !== 0)
          broken.push({ window, problem: `not killed, failed: ${killed.output}` });
        break;
      }
      tried += 1;
      const problem = checkWindow(scenario, caseDir, expectedExhibits);
      if (problem) broken.push({ window, problem });
    } finally {
      rmSync(caseDir, { recursive: true, force: true });
    }
  }
  return { name: scenario.name, tried, total, broken };
}

function checkWindow(scenario, caseDir, expectedExhibits) {
  const before = run(['verify', caseDir]);
  if (before.code !== 0) {
    if (!/interrupted/.test(before.output) || !/preuve recover/.test(before.output))
      return `verify after the kill does not name the interruption: ${before.output.trim()}`;
    if (/by hand/.test(before.output))
      return `verify blames a manual edit: ${before.output.trim()}`;
  }
  const repair = run(['recover', '--case', caseDir]);
  if (repair.code !== 0) return `preuve recover failed: ${repair.output.trim()}`;
  const repaired = run(['verify', caseDir]);
  if (repaired.code !== 0) return `verify after recover fails: ${repaired.output.trim()}`;
  const again = run([...scenario.command, '--case', caseDir]);
  if (again.code !== 0) return `running the command again fails: ${again.output.trim()}`;
  const after = run(['verify', caseDir]);
  if (after.code !== 0) return `verify after the command again fails: ${after.output.trim()}`;
  const count = exhibitCount(caseDir);
  if (count !== expectedExhibits)
    return `${count} exhibit(s) after recovery, ${expectedExhibits} after an uninterrupted run`;
  if (scenario.command[0] === 'build') {
    const zip = join(caseDir, 'out', 'PRV-20261130-7K3Q.zip');
    const dossier = run(['verify', zip]);
    if (dossier.code !== 0) return `the rebuilt dossier does not verify: ${dossier.output.trim()}`;
  }
  return undefined;
}

export function makeWorkDir() {
  return mkdtempSync(join(tmpdir(), 'preuve-crash-'));
}
