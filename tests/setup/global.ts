/**
 * Once per run, before any test file:
 * - rebuilds dist/ when a source is newer than its compiled file (e2e tests run bin/preuve.js,
 *   which loads dist/), so a run never tests old code;
 * - gives the run its own temporary folder (TMPDIR), inherited by the test workers and every
 *   preuve they start, and fails the run if anything is left in it at the end;
 * - says which system tools are missing, so skipped cross-checks are visible;
 * - starts `preuve demo` in the background into PREUVE_TEST_DEMO, the template that
 *   tests/helpers/demo-case.ts copies for each test that needs the demo case (its dossier built,
 *   and what the command printed kept beside it).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BIN, TEST_ENV } from '../helpers/cli.js';
import {
  areToolsRequired,
  describeMissing,
  missingTools,
  TOOL_PACKAGES,
} from '../helpers/tools.js';

const ROOT = join(import.meta.dirname, '../..');

let runTemp: string | undefined;
let outerTemp: string | undefined;
let demoTemplate: string | undefined;
let demoBuild: ChildProcess | undefined;

export function setup(): void {
  rebuildIfStale();
  outerTemp = process.env.TMPDIR;
  runTemp = mkdtempSync(join(tmpdir(), 'preuve-test-run-'));
  process.env.TMPDIR = runTemp;
  process.env.PREUVE_TEST_RUN_TEMP = runTemp;
  reportMissingTools();
  startDemoTemplate(runTemp);
}

export async function teardown(): Promise<void> {
  if (!runTemp) return;
  await stopDemoTemplate();
  const left = readdirSync(runTemp);
  rmSync(runTemp, { recursive: true, force: true });
  delete process.env.PREUVE_TEST_RUN_TEMP;
  if (outerTemp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outerTemp;
  if (left.length > 0) {
    // Vitest reports an error thrown here but still exits 0: set the code too.
    process.exitCode = 1;
    throw new Error(
      `Tests left ${left.length} entries in the temporary folder (removed now): ` +
        `${left.slice(0, 20).join(', ')}${left.length > 20 ? ', …' : ''}. ` +
        'A file-* folder is a test file whose own folder was not removed (it crashed, or a ' +
        'process it started still writes there); anything else was written with the TMPDIR of the whole run.',
    );
  }
}

/**
 * Builds the demo case once, in the background: the first test that copies it waits for it, and
 * a run of unit tests alone does not. `done` or `failed` (with preuve's output) marks the end.
 */
function startDemoTemplate(temp: string): void {
  demoTemplate = join(temp, 'demo-template');
  mkdirSync(demoTemplate);
  process.env.PREUVE_TEST_DEMO = demoTemplate;
  const root = demoTemplate;
  const child = spawn(process.execPath, [BIN, 'demo', '--out', join(root, 'case')], {
    // Its own temporary files go with the template: a build stopped at teardown leaves nothing.
    env: { ...process.env, ...TEST_ENV, TMPDIR: root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  child.stdout?.on('data', (chunk) => (said += chunk));
  child.stderr?.on('data', (chunk) => (said += chunk));
  let printed = '';
  child.stdout?.on('data', (chunk) => (printed += chunk));
  child.on('close', (code, signal) => {
    // What it printed on stdout, for the test of what `preuve demo` says (demo-case.ts).
    if (code === 0) writeFileSync(join(root, 'stdout'), printed);
    writeFileSync(
      join(root, code === 0 ? 'done' : 'failed'),
      code === 0 ? '' : `exit ${code ?? signal}: ${said}`,
    );
  });
  demoBuild = child;
}

/** Stops the demo build if no test waited for it, and removes the template. */
async function stopDemoTemplate(): Promise<void> {
  const child = demoBuild;
  if (child && child.exitCode === null && child.signalCode === null) {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await closed;
  }
  if (demoTemplate) rmSync(demoTemplate, { recursive: true, force: true });
  delete process.env.PREUVE_TEST_DEMO;
}

/** Builds as `npm run build` does when dist/ is missing or older than a file it comes from. */
function rebuildIfStale(): void {
  const stale = findStaleSource();
  if (!stale) return;
  console.log(`Building dist/ (tsc -p tsconfig.json): ${stale}.`);
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  // The rest of `npm run build`: zod, yaml, archiver and file-type in one file each, the YAML
  // templates parsed, the help bin/preuve.js prints.
  for (const script of [
    'scripts/bundle-zod.js',
    'scripts/bundle-yaml.js',
    'scripts/bundle-libraries.js',
    'scripts/write-template-json.js',
    'scripts/write-help.js',
  ]) {
    execFileSync(process.execPath, [join(ROOT, script)], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** Why dist/ needs a build (it is missing, or a source is newer), or undefined when it is current. */
function findStaleSource(): string | undefined {
  const entry = join(ROOT, 'dist/cli/main.js');
  if (!existsSync(entry)) return 'dist/ is missing';
  for (const config of ['tsconfig.json', 'package.json']) {
    if (statSync(join(ROOT, config)).mtimeMs > statSync(entry).mtimeMs) {
      return `${config} is newer than dist/`;
    }
  }
  const src = join(ROOT, 'src');
  for (const file of listFiles(src)) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    const compiled = join(ROOT, 'dist', relative(src, file)).replace(/\.ts$/, '.js');
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(file).mtimeMs) {
      return `${relative(ROOT, file)} is newer than its compiled file`;
    }
  }
  return undefined;
}

function* listFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* listFiles(path);
    else yield path;
  }
}

function reportMissingTools(): void {
  const missing = missingTools(Object.keys(TOOL_PACKAGES));
  if (missing.length === 0) return;
  const outcome = areToolsRequired() ? 'fail (PREUVE_REQUIRE_TOOLS=1)' : 'are skipped';
  console.log(`Cross-checks that ${describeMissing(missing)} ${outcome}.`.replace('needs', 'need'));
}
