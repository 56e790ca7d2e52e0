/**
 * The demo case, built once per run (tests/setup/global.ts starts `preuve demo` in the background
 * into PREUVE_TEST_DEMO) and copied for each test that needs one: the same files that
 * `preuve demo --out <dir>` leaves, without paying its build every time (about 4 s of CPU each).
 *
 * A copy differs from a fresh demo only in the absolute paths its custody log recorded for the
 * build (the template's out/): only a spec's "same as the last build" check compares that path.
 * The specs applied to a copy (tests/e2e/hostile-outputs.test.ts) are refused, and the check
 * plays no part there; a test of that check on the demo would need `preuve demo` run in place.
 * What `preuve demo` printed is kept too (readDemoRun), for tests of what the command says.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const WAIT = new Int32Array(new SharedArrayBuffer(4));

/** Where the template is: `<dir>/case` once `<dir>/done` exists, or `<dir>/failed` says why. */
function templateRoot(): string {
  const root = process.env.PREUVE_TEST_DEMO;
  if (!root) throw new Error('PREUVE_TEST_DEMO is not set: tests/setup/global.ts did not run');
  return root;
}

/** Waits (synchronously, as the tests' beforeAll hooks are) until the demo template is built. */
function waitForTemplate(): string {
  const root = templateRoot();
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (existsSync(join(root, 'done'))) return join(root, 'case');
    if (existsSync(join(root, 'failed')))
      throw new Error(`preuve demo failed: ${readFileSync(join(root, 'failed'), 'utf8')}`);
    if (Date.now() > deadline) throw new Error('preuve demo did not finish within 5 minutes');
    Atomics.wait(WAIT, 0, 0, 50);
  }
}

/** Copies the demo case (built, its dossier in out/) to `dir`, which must not exist yet. */
export function copyDemo(dir: string): string {
  cpSync(waitForTemplate(), dir, { recursive: true, errorOnExist: true, force: false });
  return dir;
}

/**
 * The template's own run of `preuve demo --out <case>`: the folder it was given and what it
 * printed on stdout (it exited 0, or copyDemo and this throw with its output).
 */
export function readDemoRun(): { readonly caseDir: string; readonly stdout: string } {
  const caseDir = waitForTemplate();
  return { caseDir, stdout: readFileSync(join(templateRoot(), 'stdout'), 'utf8') };
}
