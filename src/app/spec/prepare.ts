import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Facts } from '../../case/facts.js';
import { UsageError } from '../../model/errors.js';
import { readFactsFile } from '../facts.js';
import type { LoadedSpec } from './load.js';

/** What a spec needs from the disk and the environment, all read before the case is touched. */
export interface PreparedSpec {
  /** Absolute path of each evidence entry (undefined for a description-only item). */
  readonly evidencePaths: readonly (string | undefined)[];
  readonly facts?: Facts;
  readonly passphrase?: string;
  /** Absolute folder for the dossier, when the spec sets build.output. */
  readonly outputDir?: string;
}

/**
 * Checks every path of the spec exists, reads the facts file and the passphrase. A problem is a
 * UsageError naming the spec field, so that a bad spec leaves no trace at all.
 */
export async function prepareSpec(
  loaded: LoadedSpec,
  env: NodeJS.ProcessEnv,
): Promise<PreparedSpec> {
  const { spec, file } = loaded;
  const fromSpec = (path: string) => resolve(loaded.dir, path);
  const evidencePaths: (string | undefined)[] = [];
  for (const [index, entry] of (spec.evidence ?? []).entries()) {
    if (!entry.path) {
      evidencePaths.push(undefined);
      continue;
    }
    const path = fromSpec(entry.path);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      throw new UsageError(
        `${file}: evidence[${index}].path "${entry.path}": ${info.code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${info.code})`} (looked for ${path}). Fix the path: relative paths are read from the spec's folder. Nothing was done for this spec.`,
      );
    }
    evidencePaths.push(path);
  }
  const facts = spec.factsFile ? await readFactsFile(fromSpec(spec.factsFile), file) : spec.facts;
  const passphrase = spec.build?.encrypt ? await readSpecPassphrase(loaded, env) : undefined;
  return {
    evidencePaths,
    ...(facts ? { facts } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(spec.build?.output ? { outputDir: fromSpec(spec.build.output) } : {}),
  };
}

async function readSpecPassphrase(loaded: LoadedSpec, env: NodeJS.ProcessEnv): Promise<string> {
  const build = loaded.spec.build!;
  let passphrase: string | undefined;
  let field: string;
  if (build.passphraseEnv) {
    field = `build.passphraseEnv ${build.passphraseEnv}`;
    passphrase = env[build.passphraseEnv];
    if (!passphrase) {
      throw new UsageError(
        `${loaded.file}: ${field}: the environment variable ${build.passphraseEnv} is not set. Set it to the ZIP's passphrase before running preuve.`,
      );
    }
  } else {
    const path = resolve(loaded.dir, build.passphraseFile!);
    field = `build.passphraseFile ${path}`;
    try {
      passphrase = (await readFile(path, 'utf8')).split(/\r?\n/)[0];
    } catch (error) {
      throw new UsageError(
        `${loaded.file}: ${field} cannot be read (${(error as NodeJS.ErrnoException).code}).`,
      );
    }
  }
  if (!passphrase || passphrase.length < 8) {
    throw new UsageError(
      `${loaded.file}: ${field}: the passphrase is too short; use at least 8 characters (a few words is best).`,
    );
  }
  return passphrase;
}
