import { parentPort } from 'node:worker_threads';
import { fixedClock, systemClock } from '../model/clock.js';
import { InterruptedError, PreuveError } from '../model/errors.js';
import { applySpec } from '../spec/apply.js';
import type { ToWorker, WorkerError } from './worker-messages.js';

/**
 * A worker thread of `preuve batch --concurrency N`: builds the cases it is sent, one at a time,
 * with its own copy of the code, so that cases lay out their PDFs on different cores. An `abort`
 * message stops the running case cleanly, as Ctrl-C does in the main thread.
 */
const port = parentPort!;
const controller = new AbortController();

port.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    controller.abort();
    return;
  }
  const { id, spec, caseDir, fixedNow, ...shared } = message;
  applySpec(spec, {
    ...shared,
    caseDir,
    env: process.env,
    clock: fixedNow ? fixedClock(fixedNow) : systemClock,
    signal: controller.signal,
    onProgress: (text) => port.postMessage({ type: 'progress', text }),
  }).then(
    (result) => port.postMessage({ type: 'done', id, result }),
    (error: unknown) => port.postMessage({ type: 'failed', id, error: describe(error) }),
  );
});

function describe(error: unknown): WorkerError {
  if (error instanceof InterruptedError) return { kind: 'interrupted', message: error.message };
  if (error instanceof PreuveError)
    return { kind: 'preuve', message: error.message, exitCode: error.exitCode };
  return {
    kind: 'other',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}
