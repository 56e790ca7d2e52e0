import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';

// Issue 21 point 1, found by benchmarks/crash-windows.js: a build killed after its ZIP and PDF
// were put in out/ and before its custody line left a dossier the case never recorded; the next
// "preuve build" then refused it as "a different dossier" until --force. A file in the case's
// own out/ that no build recorded is that interrupted build's output: the next build replaces it.
// A recorded dossier is still never replaced without --force.

let root: string;
let caseDir: string;
const env = () => ({ PREUVE_HOME: join(root, 'home') });
const builds = () =>
  readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('"action":"build"')).length;

// The builds (the killed one, the next, the refused one) are spawned; the commands around them run
// with the CLI in the test process.
beforeAll(async () => {
  root = makeTempDir();
  caseDir = join(root, 'case');
  expect((await runPreuveInProcess(['init', caseDir], { env: env() })).code).toBe(0);
  writeFileSync(join(root, 'note.txt'), 'Note de la mère, 21/11.\n');
  expect(
    (
      await runPreuveInProcess(['add', '--case', caseDir, join(root, 'note.txt'), '--yes'], {
        env: env(),
      })
    ).code,
  ).toBe(0);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a build killed between placing its dossier and logging it', { timeout: 180_000 }, () => {
  it('the next build replaces the unrecorded dossier without --force; a recorded one needs it', async () => {
    // The fourth fault point of a build is just after the PDF's rename (src/dossier/build.ts).
    const killed = runPreuve(['build', '--case', caseDir], {
      env: { ...env(), PREUVE_FAULT_AT: '4' },
    });
    expect(killed.code).not.toBe(0);
    const out = join(caseDir, 'out');
    const [zip] = ['.zip'].map((ext) =>
      join(out, `${JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).reference}${ext}`),
    );
    expect(existsSync(zip!)).toBe(true);
    expect(builds()).toBe(0);

    // The case changes before the next build (a recover line, as the crash loop saw, or new facts):
    // the new dossier differs, and only that one's being unrecorded lets the build replace it.
    writeFileSync(join(root, 'facts.yaml'), 'narrative: "Récit ajouté après la coupure."\n');
    expect(
      (
        await runPreuveInProcess(['facts', 'import', join(root, 'facts.yaml'), '--case', caseDir], {
          env: env(),
        })
      ).code,
    ).toBe(0);
    const again = runPreuve(['build', '--case', caseDir], { env: env() });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(builds()).toBe(1);
    expect((await runPreuveInProcess(['verify', zip!], { env: env() })).code).toBe(0);
    expect((await runPreuveInProcess(['verify', caseDir], { env: env() })).code).toBe(0);

    writeFileSync(join(root, 'more.txt'), 'Deuxième note.\n');
    expect(
      (
        await runPreuveInProcess(['add', '--case', caseDir, join(root, 'more.txt'), '--yes'], {
          env: env(),
        })
      ).code,
    ).toBe(0);
    const refused = runPreuve(['build', '--case', caseDir], { env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
  });
});
