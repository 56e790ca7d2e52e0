import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS helper shared with benchmarks/crash-windows.js (every window)
import { crashScenarios, makeWorkDir, tryCrashWindows } from '../../benchmarks/_crash-windows.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { canUseTools, requireTool } from '../helpers/tools.js';

// The short version of `node benchmarks/crash-windows.js` (issue 21 point 1): for each command, a
// kill (SIGKILL) before one of its file-system calls on the case, in the middle of its run (the
// fs preload counts them; the same numbering on every run). After each kill: out/, verify naming
// the interruption and its repair, the repair (`preuve recover` first for every other command,
// the next command alone for the others), a recover line, verify, the case's contents as after an
// uninterrupted run, and the next add. This file: the commands that change the case; crash-
// windows-build.test.ts: build, rebuild and preuve's own write points (two files, so the two test
// workers share them). One window per command keeps the suite short: every window of every
// command is tried by `node benchmarks/crash-windows.js` (CRASH_ALL=1 for all calls).
// The killed command and the run that counts its calls are spawned; the commands around them (the
// cases' setup, verify, recover, the next command) run with the CLI in this process.
type Scenario = { name: string };
const runAround = async (args: string[], env: Record<string, string>) => {
  const result = await runPreuveInProcess(args, { env });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
};
const workDir: string = makeWorkDir();
let scenarios: Scenario[] = [];
beforeAll(async () => {
  // The scenarios' chat export is zipped with Info-ZIP's zip (benchmarks/_crash-windows.js).
  if (!canUseTools('zip')) return;
  scenarios = await crashScenarios(workDir, { runAround });
}, 120_000);
beforeEach((context) => requireTool(context, 'zip'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('a kill at a file-system call never breaks the case', () => {
  it.each(
    ['add (a folder: images and a chat zip)', 'facts import', 'highlight', 'withdraw'].map(
      (name, index) => ({ name, repairFirst: index % 2 === 1 }),
    ),
  )(
    '$name',
    async ({ name, repairFirst }) => {
      const scenario = scenarios.find((candidate) => candidate.name === name);
      const result = await tryCrashWindows(scenario, workDir, { sample: 1, repairFirst });
      expect(result.broken).toEqual([]);
      expect(result.tried).toBe(1);
    },
    600_000,
  );
});
