/**
 * A new, empty case for tests that start from one: `preuve init` runs once per test file for the
 * same arguments, and each test gets a copy. A freshly initialised case names no path of its own
 * (case.json and the custody line hold the reference, language, zone, operator and the fixed
 * clock's time), so the copy is the case `preuve init <dir>` would make there, with the same
 * reference even where none is given. Tests of `preuve init` itself run it.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, runPreuve } from './cli.js';

const templates = new Map<string, string>();

// Keyed by the test file's own temporary folder too: a worker runs several files in turn
// (isolate: false) and keeps this module, while each file's folder goes when the file ends.
const templateKey = (args: readonly string[]) => JSON.stringify([process.env.TMPDIR, args]);

/** Makes `dir` (which must not exist) a new case, as `preuve init dir ...args` does. */
export function initCase(dir: string, args: readonly string[] = []): string {
  const key = templateKey(args);
  let template = templates.get(key);
  if (template === undefined) {
    template = join(makeTempDir('preuve-init-'), 'case');
    const result = runPreuve(['init', template, ...args]);
    if (result.code !== 0) throw new Error(`preuve init failed (${result.code}): ${result.stderr}`);
    templates.set(key, template);
  }
  cpSync(template, dir, { recursive: true, errorOnExist: true, force: false });
  return dir;
}

/**
 * For a test of `preuve init` itself: the case its own run of `preuve init template ...args` just
 * made (and that nothing changes afterwards) is the one initCase copies for these arguments.
 */
export function keepAsNewCase(template: string, args: readonly string[] = []): void {
  if (!templates.has(templateKey(args))) templates.set(templateKey(args), template);
}
