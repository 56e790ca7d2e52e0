import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFactsText } from '../case/facts-file.js';
import { withCase } from '../case/store.js';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { type Facts, FactsSchema } from '../model/facts.js';
import { describeSchemaIssues } from '../model/schema-issues.js';
import { canonicalJson } from './spec/canonical-json.js';

/** Where facts come from: a file (`preuve facts import`, a spec) or the wizard's answers. */
export type FactsSource =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'spec'; readonly file: string }
  | { readonly kind: 'wizard'; readonly part: string };

export interface ImportFactsRequest {
  /** Validated facts (readFactsFile, a spec, or the wizard's answers merged over the case's). */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly source: FactsSource;
}

export interface ImportFactsResult {
  /** The top-level fields given. */
  readonly fields: readonly string[];
  /** The top-level fields whose value changed. */
  readonly changed: readonly string[];
  /** Whether case.json changed (and a custody line was written). */
  readonly isChanged: boolean;
}

/**
 * The one facts import: the given top-level fields replace the case's, and the change is logged.
 * A file imported by hand is always logged (the user asked for it); a spec or the wizard logs only
 * a change, so that re-running them does not make every dossier differ.
 */
export async function importFacts(
  session: CaseSession,
  request: ImportFactsRequest,
): Promise<ImportFactsResult> {
  const current = session.current();
  const before = current.facts as Readonly<Record<string, unknown>>;
  const incoming = request.facts;
  // case.json, facts included, is validated when committed.
  const merged = { ...before, ...incoming } as Facts;
  const fields = Object.keys(incoming);
  const changed = fields.filter(
    (key) => canonicalJson(incoming[key]) !== canonicalJson(before[key]),
  );
  const isChanged = canonicalJson(merged) !== canonicalJson(before);
  if (!isChanged && request.source.kind !== 'file') return { fields, changed, isChanged };
  const { source } = request;
  await session.commit({ ...current, facts: merged }, [
    source.kind === 'wizard'
      ? { action: 'facts', details: { source: 'wizard', part: source.part, fields: changed } }
      : {
          action: 'facts-import',
          details: {
            file: source.file,
            sha256: createHash('sha256').update(JSON.stringify(incoming)).digest('hex'),
            fields,
          },
        },
  ]);
  return { fields, changed, isChanged };
}

export interface ImportFactsFileRequest {
  readonly caseDir: string;
  readonly file: string;
  readonly operator: string;
  readonly clock: Clock;
}

/** `preuve facts import <file>`: reads and validates the file first, so a bad one touches nothing. */
export async function importFactsFile(
  request: ImportFactsFileRequest,
): Promise<ImportFactsResult & { readonly file: string }> {
  const facts = await readFactsFile(request.file);
  const result = await withCase(
    request.caseDir,
    { command: 'facts import', operator: request.operator, clock: request.clock },
    (session) => importFacts(session, { facts, source: { kind: 'file', file: request.file } }),
  );
  return { ...result, file: request.file };
}

/**
 * Reads and validates a facts file (YAML, or JSON by its extension); every problem names the field
 * and what is expected. `specFile`: the file is a spec's factsFile, read from the spec's folder.
 */
export async function readFactsFile(file: string, specFile?: string): Promise<Facts> {
  const where = specFile ? `${specFile}: factsFile ${file}` : file;
  const text = await readFactsText(
    file,
    specFile ? `${where} (read from the spec's folder)` : where,
  );
  const isJson = extname(file).toLowerCase() === '.json';
  let raw: unknown;
  try {
    raw = isJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(
      specFile
        ? { code: 'error.app.facts.specNotYaml', params: { where, reason } }
        : {
            code: 'error.app.facts.notYaml',
            params: { where, format: isJson ? 'JSON' : 'YAML', reason },
          },
    );
  }
  const parsed = FactsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new UsageError({
      code: 'error.app.facts.examplesFactsYaml',
      params: {
        where,
        describeIssues: describeSchemaIssues(parsed.error.issues),
        specFile: { code: specFile ? 'error.app.facts.see' : 'error.app.facts.nothingImported' },
      },
    });
  }
  return parsed.data;
}
