import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src/app/batch/pool.js';
import { canonicalJson } from '../../../src/app/spec/canonical-json.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('runPool', () => {
  it('never runs more than the concurrency at once, and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
      done.push(item);
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts nothing more once the signal aborts; those running finish', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const finished: number[] = [];
    await runPool(
      [1, 2, 3, 4, 5, 6],
      2,
      async (item) => {
        started.push(item);
        if (item === 3) controller.abort();
        await tick();
        finished.push(item);
      },
      controller.signal,
    );
    expect(started).toEqual([1, 2, 3]);
    expect(finished.sort()).toEqual(started);
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
