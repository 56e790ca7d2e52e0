import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS benchmark script, shared so that the test and the 100-trial run agree.
import { runKillTrials } from '../../benchmarks/kill-trials.js';

/**
 * The short version of benchmarks/kill-trials.js (issue 19 point 4): 10 trials of `preuve add` or
 * `preuve build` killed with SIGKILL at a random moment (seeded), each followed by verify, the
 * next command, and a check of out/. Smaller files than the benchmark's 50 MB, to stay quick.
 */
describe('kill -9 at a random moment', () => {
  it('10 trials leave no case unusable or inconsistent', async () => {
    const results: Array<{ ok: boolean; trial: number; problems: string[] }> = await runKillTrials({
      trials: 10,
      bigFiles: 1,
      bigMiB: 8,
      seed: 19,
      log: () => {},
    });
    expect(results).toHaveLength(10);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  }, 900_000);
});
