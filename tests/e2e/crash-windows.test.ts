import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS helper shared with benchmarks/crash-windows.js (every window)
import { crashScenarios, makeWorkDir, tryCrashWindows } from '../../benchmarks/_crash-windows.js';

// A few windows of each kind: before the journal (copies only), inside the journal write, between
// case.json and the custody append (the window of issue 21), inside the custody append. The full
// loop over every window is `node benchmarks/crash-windows.js`.
const workDir = makeWorkDir();
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const scenarios = crashScenarios(workDir);

describe('a kill at a write point never breaks the case', () => {
  it.each([
    ['add (a file)', [2, 14, 17]],
    ['highlight', [13]],
  ])(
    '%s, windows %j',
    (name, windows) => {
      const scenario = scenarios.find((candidate: { name: string }) => candidate.name === name);
      const result = tryCrashWindows(scenario, workDir, {
        pick: (window: number) => (windows as number[]).includes(window),
        limit: Math.max(...(windows as number[])),
      });
      expect(result.broken).toEqual([]);
      expect(result.tried).toBe((windows as number[]).length);
    },
    600_000,
  );
});
