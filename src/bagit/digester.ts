import { createHash, type Hash } from 'node:crypto';
import type { BagAlgorithm } from './bagit-text.js';
import type { HashWorker, OffThreadHash } from './hash-worker.js';

/** Slow digests that go to the worker thread when there is one (they cost ~2x SHA-256 here). */
const SLOW_ALGORITHMS: ReadonlySet<BagAlgorithm> = new Set(['sha512', 'md5']);

/** Several digests of one stream of bytes, computed in one pass. */
export interface Digester {
  /** Await the result when there is one: it is how the worker holds the reader back. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** Hex digests by algorithm, and the number of bytes seen. */
  finish(): Promise<{ digests: Map<BagAlgorithm, string>; size: number }>;
}

/**
 * A digester for these algorithms. With a worker, the slow ones are computed there in parallel;
 * without one all run inline (callers pass no worker for small inputs, where messaging costs
 * more than hashing).
 */
export function createDigester(algorithms: readonly BagAlgorithm[], worker?: HashWorker): Digester {
  const inline = new Map<BagAlgorithm, Hash>();
  const offThread = new Map<BagAlgorithm, OffThreadHash>();
  for (const algorithm of algorithms) {
    if (worker && SLOW_ALGORITHMS.has(algorithm)) {
      offThread.set(algorithm, worker.create(algorithm));
    } else {
      inline.set(algorithm, createHash(algorithm));
    }
  }
  let size = 0;
  return {
    update(chunk) {
      size += chunk.byteLength;
      for (const hash of inline.values()) hash.update(chunk);
      if (offThread.size === 0) return undefined;
      return Promise.all([...offThread.values()].map((hash) => hash.update(chunk))).then(
        () => undefined,
      );
    },
    async finish() {
      const digests = new Map<BagAlgorithm, string>();
      for (const [algorithm, hash] of inline) digests.set(algorithm, hash.digest('hex'));
      for (const [algorithm, hash] of offThread) digests.set(algorithm, await hash.digest());
      return { digests, size };
    },
  };
}
