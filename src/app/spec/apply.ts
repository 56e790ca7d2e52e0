import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { initCase, isCaseFolder, loadCase, withCase } from '../../case/store.js';
import type { CaseFile } from '../../model/case-schema.js';
import type { CaseSession } from '../../model/case-session.js';
import type { Clock } from '../../model/clock.js';
import { InterruptedError, UsageError } from '../../model/errors.js';
import type { Message } from '../../model/messages.js';
import { buildCase } from '../build.js';
import { importFacts } from '../facts.js';
import { applyEvidence, exhibitIds } from './evidence.js';
import { isSameAsLastBuild } from './last-build.js';
import type { LoadedSpec } from './load.js';
import { type PreparedSpec, prepareSpec } from './prepare.js';

export interface ApplySpecRequest {
  /** The case folder: created from the spec when it holds no case yet. */
  readonly caseDir: string;
  /** Who runs it when the spec names no operator. */
  readonly operator: string;
  readonly clock: Clock;
  readonly toolVersion: string;
  /** Where build.passphraseEnv is looked up. */
  readonly env: NodeJS.ProcessEnv;
  /** Replace a dossier that differs from the new one (`--force`). */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  /** Each step, said as a message (`spec.progress`: the spec's name and the step). */
  readonly onProgress?: (message: Message) => void;
}

/** The dossier as `--json` reports it (a stable subset of the build result). */
export interface SpecDossier {
  readonly zipPath: string;
  readonly pdfPath: string | null;
  readonly zipSha256: string;
  readonly pdfSha256: string;
  readonly fingerprint: string;
  readonly pages: number;
  readonly exhibitCount: number;
  readonly isEncrypted: boolean;
  /** When encrypted: the bag's ZIP inside (its neutral name and SHA-256). */
  readonly bag?: { readonly entryName: string; readonly sha256: string };
  readonly isUnchanged: boolean;
}

export interface SpecResult {
  readonly spec: string;
  readonly name: string;
  readonly caseDir: string;
  readonly reference: string;
  readonly isNewCase: boolean;
  /** Exhibits added by this run (`P4`…); empty when the spec was applied before. */
  readonly added: readonly string[];
  readonly duplicates: number;
  readonly skipped: number;
  readonly isFactsUpdated: boolean;
  readonly dossier: SpecDossier;
}

/**
 * Creates or updates a case from a spec, then builds its dossier, without a question. Applying the
 * same spec again adds nothing and rebuilds the same ZIP. Everything the spec points to is checked
 * before the case is touched; a case created by this run is removed again if the run fails or is
 * interrupted, so a failed spec leaves nothing half-done.
 */
export async function applySpec(
  loaded: LoadedSpec,
  request: ApplySpecRequest,
): Promise<SpecResult> {
  const caseDir = resolve(request.caseDir);
  const { spec } = loaded;
  const operator = spec.operator ?? request.operator;
  const isExisting = await isCaseFolder(caseDir);
  const existing = isExisting ? await loadCase(caseDir) : undefined;
  if (existing) assertSameCase(loaded, existing, caseDir);
  const prepared = await prepareSpec(loaded, request.env, {
    caseDir,
    ...(existing ? { reference: existing.reference } : {}),
  });
  if (request.signal?.aborted) throw new InterruptedError();

  const folderExisted = (await readdir(caseDir).catch(() => undefined)) !== undefined;
  let isCreated = false;
  try {
    if (!isExisting) {
      await initCase({
        dir: caseDir,
        operator,
        language: spec.language ?? 'fr',
        timeZone: spec.timeZone ?? 'Europe/Paris',
        clock: request.clock,
        ...(spec.organisation ? { organisation: spec.organisation } : {}),
        ...(spec.reference ? { reference: spec.reference } : {}),
      });
      isCreated = true;
    }
    const options = { command: 'build --spec', operator, clock: request.clock };
    return await withCase(caseDir, options, (session) =>
      applyToSession(session, loaded, prepared, { ...request, operator }, !isExisting),
    );
  } catch (error) {
    if (isCreated) await removeNewCase(caseDir, folderExisted);
    if (request.signal?.aborted) {
      throw new InterruptedError({
        code: isCreated
          ? 'error.app.spec.apply.interruptedRemoved'
          : 'error.app.spec.apply.interrupted',
        params: { name: loaded.name },
      });
    }
    throw error;
  }
}

async function applyToSession(
  session: CaseSession,
  loaded: LoadedSpec,
  prepared: PreparedSpec,
  request: ApplySpecRequest,
  isNewCase: boolean,
): Promise<SpecResult> {
  const say = (step: Message) =>
    request.onProgress?.({ code: 'spec.progress', params: { name: loaded.name, step } });
  // The build's steps ('writing the PDF') have their words in the catalogue (cli.build.step.…).
  const sayBuildStep = (step: string) =>
    say({ code: `cli.build.step.${step.replace(/\s+/g, '-')}` });
  const evidence = await applyEvidence(session, loaded, prepared.evidencePaths, {
    operator: request.operator,
    clock: request.clock,
    onProgress: say,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  const isFactsUpdated = prepared.facts
    ? (
        await importFacts(session, {
          facts: prepared.facts,
          source: {
            kind: 'spec',
            file: loaded.spec.factsFile ? resolve(loaded.dir, loaded.spec.factsFile) : loaded.file,
          },
        })
      ).isChanged
    : false;
  if (request.signal?.aborted) throw new InterruptedError();

  const reference = session.current().reference;
  let outFile: string | undefined;
  if (prepared.outputDir) {
    await mkdir(prepared.outputDir, { recursive: true, mode: 0o700 });
    outFile = join(prepared.outputDir, `${reference}.zip`);
  }
  const zipPath = outFile ?? join(session.paths.outDir, `${reference}.zip`);
  // An encrypted ZIP differs at every build (random salts): replacing it is safe when the last
  // build wrote it from the same custody entries.
  const isSameEncrypted = prepared.passphrase ? await isSameAsLastBuild(session, zipPath) : false;
  const built = await buildCase(session, {
    operator: request.operator,
    clock: request.clock,
    toolVersion: request.toolVersion,
    onProgress: sayBuildStep,
    ...(outFile ? { outFile } : {}),
    ...(request.force || isSameEncrypted ? { force: true } : {}),
    ...(prepared.passphrase ? { encrypt: { passphrase: prepared.passphrase } } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return {
    spec: loaded.file,
    name: loaded.name,
    caseDir: session.caseDir,
    reference,
    isNewCase,
    added: exhibitIds(evidence.added),
    duplicates: evidence.duplicates,
    skipped: evidence.skipped,
    isFactsUpdated,
    dossier: {
      zipPath: built.zipPath,
      pdfPath: built.pdfPath,
      zipSha256: built.zipSha256,
      pdfSha256: built.pdfSha256,
      fingerprint: built.fingerprint,
      pages: built.pages,
      exhibitCount: built.exhibitCount,
      isEncrypted: built.isEncrypted,
      ...(built.bag ? { bag: built.bag } : {}),
      isUnchanged: built.isUnchanged || (built.isEncrypted && isSameEncrypted),
    },
  };
}

/** A spec applied to an existing case must describe that case, not another one. */
function assertSameCase(loaded: LoadedSpec, caseFile: CaseFile, caseDir: string): void {
  const { spec } = loaded;
  const differences: string[] = [];
  if (spec.reference && spec.reference !== caseFile.reference)
    differences.push(`reference ${spec.reference} (the case is ${caseFile.reference})`);
  if (spec.language && spec.language !== caseFile.language)
    differences.push(`language ${spec.language} (the case is ${caseFile.language})`);
  if (spec.timeZone && spec.timeZone !== caseFile.timeZone)
    differences.push(`timeZone ${spec.timeZone} (the case is ${caseFile.timeZone})`);
  if (differences.length > 0) {
    throw new UsageError({
      code: 'error.app.spec.apply.specSaysBut',
      params: { file: loaded.file, differences: differences.join(', '), caseDir },
    });
  }
}

/** Removes a case this run created (and only that): the folder, or its content if it was there empty. */
async function removeNewCase(caseDir: string, folderExisted: boolean): Promise<void> {
  if (!folderExisted) {
    await rm(caseDir, { recursive: true, force: true });
    return;
  }
  for (const name of await readdir(caseDir).catch(() => [] as string[]))
    await rm(join(caseDir, name), { recursive: true, force: true });
}
