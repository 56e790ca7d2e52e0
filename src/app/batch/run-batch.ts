import { mkdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { InterruptedError, PreuveError } from '../../model/errors.js';
import { type Message, renderMessage } from '../../model/messages.js';
import type { SpecResult } from '../spec/apply.js';
import { type LoadedSpec, loadCaseSpec } from '../spec/load.js';
import type { CaseRunner } from './case-runner.js';
import { runPool } from './pool.js';

export interface BatchRequest {
  /** Spec files, in the order they run (see findSpecFiles). */
  readonly specFiles: readonly string[];
  /** Each case goes in its own folder `<outDir>/<name>`. */
  readonly outDir: string;
  readonly concurrency: number;
  /** Builds one case: in this thread, or in worker threads (see case-runner.ts, worker-runner.ts). */
  readonly runner: CaseRunner;
  /** The same signal the runner sees: once aborted, no new case starts. */
  readonly signal?: AbortSignal;
  /** Called once per spec, as soon as its case is done (in the order they finish). */
  readonly onCase?: (outcome: CaseOutcome) => void;
}

export interface CaseError {
  /** In English; `detail` says it in any language. */
  readonly message: string;
  /** The message as a catalogue code (templates/<lang>/messages.json), for the reader's language. */
  readonly detail?: Message;
  /** The exit code `preuve build --spec` would have given: 1 evidence, 2 usage, 130 interrupted. */
  readonly exitCode: number;
  /** Stable (PreuveError.code): usage, evidence, case-locked, interrupted, internal… */
  readonly code: string;
}

interface OutcomeBase {
  readonly type: 'case';
  readonly spec: string;
  readonly name: string;
  readonly caseDir: string;
  readonly durationMs: number;
}

/** One line of `preuve batch --json`. */
export type CaseOutcome =
  | (OutcomeBase & { readonly status: 'built' } & Omit<SpecResult, 'spec' | 'name' | 'caseDir'>)
  | (OutcomeBase & {
      readonly status: 'failed' | 'interrupted' | 'not-started';
      readonly error: CaseError;
    });

/** The last line of `preuve batch --json`. */
export interface BatchSummary {
  readonly type: 'summary';
  readonly total: number;
  readonly built: number;
  readonly failed: number;
  readonly interrupted: number;
  readonly notStarted: number;
  readonly durationMs: number;
  /** 0 all built, 1 one or more failed, 130 interrupted. */
  readonly exitCode: 0 | 1 | 130;
}

/**
 * Builds one case per spec, `concurrency` at a time, through the runner. A spec that fails is
 * reported with its reason and the others go on. After an interruption no new case starts, the
 * running ones stop cleanly (a case they created is removed), and the finished dossiers stay.
 */
export async function runBatch(request: BatchRequest): Promise<BatchSummary> {
  const started = Date.now();
  const outDir = resolve(request.outDir);
  const outcomes: CaseOutcome[] = [];
  const report = (outcome: CaseOutcome) => {
    outcomes.push(outcome);
    request.onCase?.(outcome);
  };

  const loaded = await loadAll(request.specFiles);
  const owners = countNames(loaded);
  const runnable: LoadedSpec[] = [];
  for (const [index, item] of loaded.entries()) {
    const file = request.specFiles[index]!;
    const name = item instanceof Error ? basename(file, extname(file)) : item.name;
    const base = { type: 'case' as const, spec: file, name, caseDir: join(outDir, name) };
    if (item instanceof Error) {
      report({ ...base, status: 'failed', error: describeError(item), durationMs: 0 });
    } else if ((owners.get(item.name) ?? 0) > 1) {
      const others = loaded.filter(
        (other) => !(other instanceof Error) && other.name === item.name,
      );
      report({
        ...base,
        status: 'failed',
        error: caseError(2, 'batch.duplicate-name', {
          code: 'error.app.batch.runBatch.duplicateName',
          params: {
            file,
            name: item.name,
            count: others.length,
            files: others.map((other) => basename((other as LoadedSpec).file)).join(', '),
          },
        }),
        durationMs: 0,
      });
    } else runnable.push(item);
  }

  if (runnable.length > 0) await mkdir(outDir, { recursive: true, mode: 0o700 });
  const done = new Set<LoadedSpec>();
  await runPool(
    runnable,
    request.concurrency,
    async (spec) => {
      const caseStarted = Date.now();
      const caseDir = join(outDir, spec.name);
      const base = { type: 'case' as const, spec: spec.file, name: spec.name, caseDir };
      try {
        const {
          spec: _file,
          name: _name,
          caseDir: _dir,
          ...result
        } = await request.runner.run(spec, caseDir);
        report({ ...base, status: 'built', ...result, durationMs: Date.now() - caseStarted });
      } catch (error) {
        const isInterrupted = error instanceof InterruptedError || Boolean(request.signal?.aborted);
        report({
          ...base,
          status: isInterrupted ? 'interrupted' : 'failed',
          error: describeError(error, isInterrupted),
          durationMs: Date.now() - caseStarted,
        });
      } finally {
        done.add(spec);
      }
    },
    request.signal,
  );
  for (const spec of runnable) {
    if (done.has(spec)) continue;
    report({
      type: 'case',
      spec: spec.file,
      name: spec.name,
      caseDir: join(outDir, spec.name),
      status: 'not-started',
      error: caseError(130, 'interrupted', {
        code: 'error.app.batch.runBatch.notStarted',
        params: { file: spec.file },
      }),
      durationMs: 0,
    });
  }

  const count = (status: CaseOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  const isInterrupted = Boolean(request.signal?.aborted);
  const failed = count('failed');
  return {
    type: 'summary',
    total: outcomes.length,
    built: count('built'),
    failed,
    interrupted: count('interrupted'),
    notStarted: count('not-started'),
    durationMs: Date.now() - started,
    exitCode: isInterrupted ? 130 : failed > 0 ? 1 : 0,
  };
}

async function loadAll(files: readonly string[]): Promise<(LoadedSpec | Error)[]> {
  return Promise.all(
    files.map((file) =>
      loadCaseSpec(file).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      ),
    ),
  );
}

function countNames(loaded: readonly (LoadedSpec | Error)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of loaded)
    if (!(item instanceof Error)) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
  return counts;
}

function describeError(error: unknown, isInterrupted = false): CaseError {
  if (isInterrupted) {
    // A fuller sentence than the bare "Interrupted.": its code, else as it was written.
    if (error instanceof InterruptedError && error.detail)
      return caseError(130, 'interrupted', error.detail);
    const isBare =
      !(error instanceof InterruptedError) || error.message === new InterruptedError().message;
    return isBare
      ? caseError(130, 'interrupted', { code: 'error.app.batch.runBatch.interrupted' })
      : { exitCode: 130, code: 'interrupted', message: (error as Error).message };
  }
  if (error instanceof PreuveError) return caseError(error.exitCode, error.code, error.detail);
  return caseError(1, 'internal', {
    code: 'error.app.batch.runBatch.unexpected',
    params: { message: error instanceof Error ? error.message : String(error) },
  });
}

function caseError(exitCode: number, code: string, detail: Message): CaseError {
  return { exitCode, code, message: renderMessage('en', detail), detail };
}
