import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers/case-state.js';
import { BIN, makeTempDir, type RunResult, runPreuve, TEST_ENV } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import {
  type HostileCase,
  NAMED_PIPE_CASE,
  writeDamagedImages,
  writeHostileCorpus,
} from '../helpers/hostile-corpus.js';
import { requireTool } from '../helpers/tools.js';

/**
 * Issue 19 point 5: every hostile input (written by tests/helpers/hostile-corpus.ts) is refused
 * with exit 1 or 2, no stack trace, a message that names the thing, the cause and the fix, and
 * the case exactly as it was (same custody line count, same file hashes).
 */
let temp: string;
let caseDir: string;
let cases: HostileCase[];

beforeAll(() => {
  temp = makeTempDir('preuve-hostile-corpus-');
  caseDir = join(temp, 'case');
  copyDemo(caseDir);
  cases = writeHostileCorpus(temp, join(caseDir, 'out', 'PRV-20261121-DEMO.zip'));
}, 120_000);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * With PREUVE_RSS_REPORT=<file> (benchmarks/hostile-rss.js), each command runs under GNU time and
 * its peak RSS is appended to that file: memory is measured there, never asserted here.
 */
function runMeasured(name: string, args: readonly string[]): RunResult {
  const report = process.env.PREUVE_RSS_REPORT;
  if (!report) return runPreuve(args);
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak-rss-kb=%M', process.execPath, BIN, ...args],
    {
      env: { ...process.env, ...TEST_ENV },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const match = /peak-rss-kb=(\d+)\s*$/.exec(result.stderr);
  appendFileSync(report, `${JSON.stringify({ name, kb: Number(match?.[1] ?? -1) })}\n`);
  const stderr = match ? result.stderr.slice(0, match.index) : result.stderr;
  return { code: result.status, stdout: result.stdout, stderr };
}

const custodyLines = () =>
  readFileSync(join(caseDir, 'custody.jsonl'), 'utf8').split('\n').filter(Boolean).length;

describe('hostile corpus: refused cleanly, the case unchanged', () => {
  it('covers every category', () => {
    expect(new Set(cases.map((c) => c.category))).toEqual(
      new Set(['image', 'zip', 'json', 'xml', 'yaml', 'e-mail', 'name', 'spec', 'dossier']),
    );
  });

  it('includes a named pipe', (context) => {
    requireTool(context, 'mkfifo');
    expect(cases.map((c) => c.name)).toContain(NAMED_PIPE_CASE);
  });

  it('every input: exit 1 or 2, no stack trace, thing + cause + fix, nothing changed', () => {
    const failures: string[] = [];
    // Each input's case after it is the next one's before: one snapshot per input.
    let before = snapshotTree(caseDir);
    for (const hostile of cases) {
      const lines = custodyLines();
      const result = runMeasured(hostile.name, [...hostile.args, '--case', caseDir]);
      const said = result.stderr + result.stdout;
      const after = snapshotTree(caseDir);
      const problems = [
        result.code === 1 || result.code === 2 ? '' : `exit ${result.code}`,
        /unexpected error|\n\s+at .+:\d+:\d+\)?/.test(said) ? 'a stack trace' : '',
        hostile.thing.test(said) ? '' : `no thing ${hostile.thing}`,
        hostile.cause.test(said) ? '' : `no cause ${hostile.cause}`,
        hostile.fix.test(said) ? '' : `no fix ${hostile.fix}`,
        custodyLines() === lines ? '' : 'custody changed',
        JSON.stringify(after) === JSON.stringify(before) ? '' : 'files changed',
      ].filter(Boolean);
      before = after;
      if (problems.length > 0) {
        failures.push(`${hostile.name}: ${problems.join(', ')}\n    ${said.trim().slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});

describe('damaged images: kept as evidence with a note, never a crash', () => {
  it('each is added, with no stack trace, and the case still verifies', async () => {
    for (const image of writeDamagedImages(temp)) {
      const result = runMeasured(image.name, ['add', image.path, '--case', caseDir, '--yes']);
      expect(result.code, `${image.name}: ${result.stderr}`).toBe(0);
      expect(result.stderr + result.stdout).not.toMatch(/unexpected error|\n\s+at /);
    }
    // The verify after the adds with the CLI in this process (the damaged images are spawned).
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  }, 120_000);
});
