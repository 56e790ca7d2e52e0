import { Worker } from 'node:worker_threads';
import { InterruptedError, PreuveError } from '../model/errors.js';
import type { SpecResult } from '../spec/apply.js';
import type { CaseRunner, CaseRunnerOptions } from './case-runner.js';
import type { FromWorker, ToWorker, WorkerError } from './worker-messages.js';

const WORKER_URL = new URL('./case-worker.js', import.meta.url);

/**
 * Runs each case in a worker thread, reusing idle workers, so that N cases use N cores. Each
 * worker loads the code once (about half a second of CPU), which is why one case at a time stays
 * in the main thread. The main thread's signal is forwarded: an interrupted batch stops every
 * running case cleanly. Runs from the compiled `dist/` only (the worker is a .js file).
 */
export function workerRunner(
  options: CaseRunnerOptions & { readonly fixedNow?: string },
): CaseRunner {
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  let nextId = 0;
  const abortAll = () => {
    for (const worker of all) worker.postMessage({ type: 'abort' } satisfies ToWorker);
  };
  options.signal?.addEventListener('abort', abortAll, { once: true });

  const take = (): Worker => {
    const reused = idle.pop();
    if (reused) return reused;
    const worker = new Worker(WORKER_URL, { env: options.env });
    all.add(worker);
    if (options.signal?.aborted) worker.postMessage({ type: 'abort' } satisfies ToWorker);
    return worker;
  };

  return {
    run: (spec, caseDir) =>
      new Promise<SpecResult>((resolve, reject) => {
        const worker = take();
        const id = nextId++;
        const onMessage = (message: FromWorker) => {
          if (message.type === 'progress') {
            options.onProgress?.(message.text);
            return;
          }
          if (message.id !== id) return;
          settle();
          idle.push(worker);
          if (message.type === 'done') resolve(message.result);
          else reject(rebuildError(message.error));
        };
        const onExit = (code: number) => onError(new Error(`the worker stopped (exit ${code})`));
        const onError = (error: Error) => {
          settle();
          all.delete(worker);
          void worker.terminate();
          reject(new Error(`${spec.file}: ${error.message}`, { cause: error }));
        };
        const settle = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage({
          type: 'run',
          id,
          spec,
          caseDir,
          operator: options.operator,
          toolVersion: options.toolVersion,
          ...(options.force ? { force: true } : {}),
          ...(options.fixedNow ? { fixedNow: options.fixedNow } : {}),
        } satisfies ToWorker);
      }),
    close: async () => {
      options.signal?.removeEventListener('abort', abortAll);
      await Promise.all([...all].map((worker) => worker.terminate()));
      all.clear();
      idle.length = 0;
    },
  };
}

function rebuildError(error: WorkerError): Error {
  if (error.kind === 'interrupted') return new InterruptedError(error.message);
  if (error.kind === 'preuve') return new PreuveError(error.message, error.exitCode);
  return new Error(error.message);
}
