/**
 * Runs `work` over the items, at most `concurrency` at a time, starting them in order. Once
 * `signal` aborts, no new item starts; those running finish (they see the same signal). `work`
 * reports its own failures: one item failing does not stop the others.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next;
      next += 1;
      await work(items[index]!, index);
    }
  };
  const width = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: width }, runner));
}
