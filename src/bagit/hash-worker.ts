import { Worker } from 'node:worker_threads';

/**
 * One worker thread that hashes on the side, so that a slow digest (SHA-512 runs at about half
 * the speed of SHA-256 here) does not add to the time of the main thread's reading and zipping.
 * Chunks are copied into slots of a shared buffer (no allocation, no transfer) and the worker is
 * told which slot to hash; the main thread waits only when every slot is taken, so memory stays
 * flat ({@link SLOT_COUNT} x {@link SLOT_SIZE}).
 *
 * The worker's code is inline (CommonJS, `eval`) so it runs the same from `src/` under vitest
 * and from `dist/`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const shared = new Uint8Array(workerData.shared);
const slotSize = workerData.slotSize;
const hashes = new Map();
parentPort.on('message', (message) => {
  if (message.op === 'create') {
    hashes.set(message.id, createHash(message.algorithm));
  } else if (message.op === 'update') {
    const start = message.slot * slotSize;
    hashes.get(message.id).update(shared.subarray(start, start + message.length));
    parentPort.postMessage({ op: 'ack', slot: message.slot });
  } else if (message.op === 'digest') {
    const hash = hashes.get(message.id);
    hashes.delete(message.id);
    parentPort.postMessage({ op: 'digest', id: message.id, hex: hash.digest('hex') });
  }
});
`;

const SLOT_SIZE = 1 << 20;
const SLOT_COUNT = 24;

type WorkerReply = { op: 'ack'; slot: number } | { op: 'digest'; id: number; hex: string };

/** A hash computed in the worker: feed it chunks, then ask for the hex digest. */
export interface OffThreadHash {
  /** Resolves once the chunk is copied for the worker; waits when the worker is behind. */
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<string>;
}

/**
 * Kept referenced while open (an unreferenced worker would let Node exit while a digest is
 * awaited): always `close()` it, in a `finally`. The thread starts with the first hash asked of
 * it: a bag of small files (hashed on the main thread) never pays for starting one.
 */
export class HashWorker {
  #started: { readonly worker: Worker; readonly shared: Uint8Array } | undefined;
  readonly #freeSlots = Array.from({ length: SLOT_COUNT }, (_, slot) => slot);
  #nextId = 0;
  #failure: Error | undefined;
  #waitingForRoom: Array<() => void> = [];
  readonly #waitingForDigest = new Map<
    number,
    { resolve: (hex: string) => void; reject: (error: Error) => void }
  >();

  #start(): { readonly worker: Worker; readonly shared: Uint8Array } {
    if (this.#started) return this.#started;
    const shared = new Uint8Array(new SharedArrayBuffer(SLOT_SIZE * SLOT_COUNT));
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared: shared.buffer, slotSize: SLOT_SIZE },
    });
    worker.on('message', (reply: WorkerReply) => this.#onReply(reply));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`hash worker stopped (exit ${code})`)));
    this.#started = { worker, shared };
    return this.#started;
  }

  create(algorithm: string): OffThreadHash {
    const { worker, shared } = this.#start();
    const id = this.#nextId++;
    worker.postMessage({ op: 'create', id, algorithm });
    return {
      update: async (chunk) => {
        for (let offset = 0; offset < chunk.byteLength; offset += SLOT_SIZE) {
          while (this.#freeSlots.length === 0 && !this.#failure) {
            await new Promise<void>((resolve) => this.#waitingForRoom.push(resolve));
          }
          if (this.#failure) throw this.#failure;
          const slot = this.#freeSlots.pop()!;
          const piece = chunk.subarray(offset, offset + SLOT_SIZE);
          shared.set(piece, slot * SLOT_SIZE);
          worker.postMessage({ op: 'update', id, slot, length: piece.byteLength });
        }
      },
      digest: () =>
        new Promise<string>((resolve, reject) => {
          if (this.#failure) return reject(this.#failure);
          this.#waitingForDigest.set(id, { resolve, reject });
          worker.postMessage({ op: 'digest', id });
        }),
    };
  }

  async close(): Promise<void> {
    if (!this.#started) return;
    this.#started.worker.removeAllListeners('exit');
    await this.#started.worker.terminate();
  }

  #onReply(reply: WorkerReply): void {
    if (reply.op === 'ack') {
      this.#freeSlots.push(reply.slot);
      this.#wakeAll();
      return;
    }
    const waiting = this.#waitingForDigest.get(reply.id);
    this.#waitingForDigest.delete(reply.id);
    waiting?.resolve(reply.hex);
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#waitingForDigest.values()) waiting.reject(error);
    this.#waitingForDigest.clear();
    this.#wakeAll();
  }

  #wakeAll(): void {
    const waiting = this.#waitingForRoom;
    this.#waitingForRoom = [];
    for (const wake of waiting) wake();
  }
}
