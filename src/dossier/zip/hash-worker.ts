import { Worker } from 'node:worker_threads';

/**
 * One worker thread that hashes on the side, so that a slow digest (SHA-512 runs at about half
 * the speed of SHA-256 here) does not add to the time of the main thread's reading and zipping.
 * Chunks are copied to the worker (about 0.1 ms per MiB); the main thread waits only when more
 * than {@link MAX_BACKLOG} bytes are queued, so memory stays flat.
 *
 * The worker's code is inline (CommonJS, `eval`) so it runs the same from `src/` under vitest
 * and from `dist/`.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (message) => {
  if (message.op === 'create') {
    hashes.set(message.id, createHash(message.algorithm));
  } else if (message.op === 'update') {
    hashes.get(message.id).update(new Uint8Array(message.buffer));
    parentPort.postMessage({ op: 'ack', bytes: message.buffer.byteLength });
  } else if (message.op === 'digest') {
    const hash = hashes.get(message.id);
    hashes.delete(message.id);
    parentPort.postMessage({ op: 'digest', id: message.id, hex: hash.digest('hex') });
  }
});
`;

const MAX_BACKLOG = 32 * 1024 * 1024;

type WorkerReply = { op: 'ack'; bytes: number } | { op: 'digest'; id: number; hex: string };

/** A hash computed in the worker: feed it chunks, then ask for the hex digest. */
export interface OffThreadHash {
  /** Resolves at once unless the worker is behind; await it to keep memory flat. */
  update(chunk: Uint8Array): Promise<void>;
  digest(): Promise<string>;
}

export class HashWorker {
  readonly #worker: Worker;
  #nextId = 0;
  #backlog = 0;
  #failure: Error | undefined;
  #waitingForRoom: Array<() => void> = [];
  readonly #waitingForDigest = new Map<
    number,
    { resolve: (hex: string) => void; reject: (error: Error) => void }
  >();

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#worker.unref();
    this.#worker.on('message', (reply: WorkerReply) => this.#onReply(reply));
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => this.#fail(new Error(`hash worker stopped (exit ${code})`)));
  }

  create(algorithm: string): OffThreadHash {
    const id = this.#nextId++;
    this.#worker.postMessage({ op: 'create', id, algorithm });
    return {
      update: async (chunk) => {
        if (this.#failure) throw this.#failure;
        const copy = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength);
        this.#backlog += copy.byteLength;
        this.#worker.postMessage({ op: 'update', id, buffer: copy }, [copy as ArrayBuffer]);
        while (this.#backlog > MAX_BACKLOG && !this.#failure) {
          await new Promise<void>((resolve) => this.#waitingForRoom.push(resolve));
        }
        if (this.#failure) throw this.#failure;
      },
      digest: () =>
        new Promise<string>((resolve, reject) => {
          if (this.#failure) return reject(this.#failure);
          this.#waitingForDigest.set(id, { resolve, reject });
          this.#worker.postMessage({ op: 'digest', id });
        }),
    };
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  #onReply(reply: WorkerReply): void {
    if (reply.op === 'ack') {
      this.#backlog -= reply.bytes;
      if (this.#backlog <= MAX_BACKLOG / 2) this.#wakeAll();
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
