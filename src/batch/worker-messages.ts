import type { SpecResult } from '../spec/apply.js';
import type { LoadedSpec } from '../spec/load.js';

/** What the main thread sends a case worker. */
export type ToWorker =
  | {
      readonly type: 'run';
      readonly id: number;
      readonly spec: LoadedSpec;
      readonly caseDir: string;
      readonly operator: string;
      readonly toolVersion: string;
      readonly force?: boolean;
      /** PREUVE_NOW: the worker's clock is fixed at this instant; otherwise the system's. */
      readonly fixedNow?: string;
    }
  | { readonly type: 'abort' };

/** An error as it crosses the thread boundary (classes do not survive the copy). */
export type WorkerError =
  | { readonly kind: 'interrupted'; readonly message: string }
  | { readonly kind: 'preuve'; readonly message: string; readonly exitCode: 1 | 2 }
  | { readonly kind: 'other'; readonly message: string };

export type FromWorker =
  | { readonly type: 'progress'; readonly text: string }
  | { readonly type: 'done'; readonly id: number; readonly result: SpecResult }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerError };
