import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkOutputFolder } from '../../dossier/output-path.js';
import { isInside } from '../../evidence/collect.js';
import { UsageError } from '../../model/errors.js';
import type { Facts } from '../../model/facts.js';
import { describeSpecial, INPUT_LIMITS, readInputText } from '../../model/input-file.js';
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
  target: { readonly caseDir: string; readonly reference?: string },
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
      throw new UsageError({
        code: 'error.app.spec.prepare.evidencePathLooked',
        params: {
          file,
          index,
          path: entry.path,
          info: info.code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${info.code})`,
          path2: path,
        },
      });
    }
    if (!info.isFile() && !info.isDirectory()) {
      throw new UsageError({
        code: 'error.app.spec.prepare.evidencePathFile',
        params: {
          file,
          index,
          path: entry.path,
          describeSpecial: describeSpecial(info),
          path2: path,
        },
      });
    }
    await refuseLinkOutside(file, index, entry.path, path, loaded.dir);
    evidencePaths.push(path);
  }
  const outputDir = spec.build?.output ? fromSpec(spec.build.output) : undefined;
  if (outputDir) {
    const reference = target.reference ?? spec.reference;
    await checkOutputFolder(target.caseDir, outputDir, `${file}: build.output`, reference);
  }
  const facts = spec.factsFile ? await readFactsFile(fromSpec(spec.factsFile), file) : spec.facts;
  const passphrase = spec.build?.encrypt ? await readSpecPassphrase(loaded, env) : undefined;
  return {
    evidencePaths,
    ...(facts ? { facts } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(outputDir ? { outputDir } : {}),
  };
}

/**
 * A spec's evidence path may go through links only to files inside the spec's folder, the rule
 * for links inside an added folder: a spec handed over by someone else cannot pull in /etc/shadow.
 */
async function refuseLinkOutside(
  specFile: string,
  index: number,
  given: string,
  path: string,
  specDir: string,
): Promise<void> {
  const real = await realpath(path);
  if (real === path) return;
  const realDir = await realpath(specDir);
  if (isInside(real, realDir)) return;
  throw new UsageError({
    code: 'error.app.spec.prepare.evidencePathLink',
    params: { specFile, index, given, real, realDir },
  });
}

async function readSpecPassphrase(loaded: LoadedSpec, env: NodeJS.ProcessEnv): Promise<string> {
  const build = loaded.spec.build!;
  let passphrase: string | undefined;
  let field: string;
  if (build.passphraseEnv) {
    field = `build.passphraseEnv ${build.passphraseEnv}`;
    passphrase = env[build.passphraseEnv];
    if (!passphrase) {
      throw new UsageError({
        code: 'error.app.spec.prepare.environmentVariableSet',
        params: { file: loaded.file, field, passphraseEnv: build.passphraseEnv },
      });
    }
  } else {
    const path = resolve(loaded.dir, build.passphraseFile!);
    field = `build.passphraseFile ${path}`;
    passphrase = (
      await readInputText(path, {
        what: `${loaded.file}: ${field}`,
        maxBytes: INPUT_LIMITS.passphrase,
      })
    ).split(/\r?\n/)[0];
  }
  if (!passphrase || passphrase.length < 8) {
    throw new UsageError({
      code: 'error.app.spec.prepare.passphraseTooShort',
      params: { file: loaded.file, field },
    });
  }
  return passphrase;
}
