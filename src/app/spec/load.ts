import { basename, dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { chatFormats } from '../../chats/registry.js';
import { UsageError } from '../../model/errors.js';
import { INPUT_LIMITS, readInputText } from '../../model/input-file.js';
import { describeSchemaIssues } from '../../model/schema-issues.js';
import { type CaseSpec, CaseSpecSchema } from './schema.js';

/** A validated spec with where it came from. */
export interface LoadedSpec {
  /** Absolute path of the spec file. */
  readonly file: string;
  /** Its folder: relative paths in the spec are read from here. */
  readonly dir: string;
  /** The case's folder name: `name` from the spec, else the file name without its extension. */
  readonly name: string;
  readonly spec: CaseSpec;
}

/** The spec file extensions `preuve batch` picks up in a folder. */
export const SPEC_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/**
 * Reads and validates a case spec (YAML, or JSON when the name ends in .json). Every problem is a
 * UsageError naming the file, the field and what is expected.
 */
export async function loadCaseSpec(path: string): Promise<LoadedSpec> {
  const file = resolve(path);
  const text = await readInputText(file, { what: `the spec ${file}`, maxBytes: INPUT_LIMITS.spec });
  return parseCaseSpec(text, file);
}

/** Parses and validates spec text; `file` names it in errors and anchors relative paths. */
export function parseCaseSpec(text: string, file: string): LoadedSpec {
  const isJson = extname(file).toLowerCase() === '.json';
  let raw: unknown;
  try {
    raw = isJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    throw new UsageError(
      {
        code: 'error.app.spec.load.validNothingDone',
        params: { file, isJson: isJson ? 'JSON' : 'YAML', detail },
      },
      { cause: error },
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError({
      code: 'error.app.spec.load.specMappingFields',
      params: {
        file,
        raw: raw === null ? 'an empty file' : Array.isArray(raw) ? 'a list' : 'a single value',
      },
    });
  }
  refusePassphraseInClear(raw as Record<string, unknown>, file);
  const parsed = CaseSpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError({
      code: 'error.app.spec.load.nothingDoneSpec',
      params: {
        file,
        describeIssues: describeSchemaIssues(parsed.error.issues, 5, {
          formats: chatFormats.map((format) => format.id).join(', '),
        }),
      },
    });
  }
  return {
    file,
    dir: dirname(file),
    name: parsed.data.name ?? basename(file, extname(file)),
    spec: parsed.data,
  };
}

/** A passphrase written in a spec would sit in clear on disk and in backups: refuse it by name. */
function refusePassphraseInClear(raw: Record<string, unknown>, file: string): void {
  const build = raw.build as Record<string, unknown> | undefined;
  if (build && typeof build === 'object' && 'passphrase' in build) {
    throw new UsageError({
      code: 'error.app.spec.load.buildPassphrasePassphrase',
      params: { file },
    });
  }
}
