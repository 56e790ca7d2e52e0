import type { Clock } from '../../model/clock.js';
import type { Message } from '../../model/messages.js';
import { type ApplySpecRequest, applySpec, type SpecResult } from '../spec/apply.js';
import type { LoadedSpec } from '../spec/load.js';

/** Builds one case from its spec; `preuve batch` runs several through a pool. */
export interface CaseRunner {
  run(spec: LoadedSpec, caseDir: string): Promise<SpecResult>;
  /** Frees what the runner holds (e.g. threads of another runner); idempotent. */
  close(): Promise<void>;
}

/** What every case of a batch shares. */
export interface CaseRunnerOptions {
  readonly operator: string;
  readonly toolVersion: string;
  readonly env: NodeJS.ProcessEnv;
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: Message) => void;
}

/**
 * Runs each case in this thread. The cases share the loaded code and fonts and one core for the
 * PDF layout, while hashing (a worker thread), compression and file I/O run beside it.
 */
export function inProcessRunner(
  options: CaseRunnerOptions & { readonly clock: Clock },
): CaseRunner {
  return {
    run: (spec, caseDir) =>
      applySpec(spec, { ...requestFor(options), clock: options.clock, caseDir }),
    close: async () => {},
  };
}

export function requestFor(
  options: CaseRunnerOptions,
): Omit<ApplySpecRequest, 'caseDir' | 'clock'> {
  return {
    operator: options.operator,
    toolVersion: options.toolVersion,
    env: options.env,
    ...(options.force ? { force: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}
