import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UsageError } from '../../model/errors.js';
import { SPEC_EXTENSIONS } from '../spec/load.js';

/**
 * The spec files to run: each file given as it is, and every `*.yaml`, `*.yml` and `*.json` of each
 * folder given (not its subfolders; hidden files skipped), in name order. A path that does not exist
 * is kept: it fails as its own case, naming the path, and the others still run.
 */
export async function findSpecFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0)
    throw new UsageError({ code: 'error.app.batch.findSpecs.specGivenPreuve' });
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(absolute);
      continue;
    }
    const names = (await readdir(absolute))
      .filter((name) => !name.startsWith('.'))
      .filter((name) =>
        (SPEC_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase()),
      )
      .sort();
    if (names.length === 0) {
      throw new UsageError({
        code: 'error.app.batch.findSpecs.specFolderFiles',
        params: { absolute, SPEC_EXTENSIONS: SPEC_EXTENSIONS.join(', ') },
      });
    }
    files.push(...names.map((name) => join(absolute, name)));
  }
  return [...new Set(files)];
}
