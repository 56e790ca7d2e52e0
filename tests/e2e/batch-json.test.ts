import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, runPreuve, TEST_ENV } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { requireTool } from '../helpers/tools.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'examples/demo');
const HASH = expect.stringMatching(/^[0-9a-f]{64}$/);

let root: string;
let caseDir: string;

/** Runs a command with --json and returns its one JSON document (the whole of stdout). */
function json(
  args: readonly string[],
  expectedCode = 0,
  env: Record<string, string> = {},
  cwd = root,
) {
  const run = runPreuve([...args, '--json'], { env, cwd });
  expect(run.code, run.stderr).toBe(expectedCode);
  return JSON.parse(run.stdout);
}

/**
 * As json(), with the CLI in the test process: for the commands around the ones each test spawns
 * (the same output, one start-up less each).
 */
async function jsonInProcess(args: readonly string[], expectedCode = 0, env = {}) {
  const run = await runPreuveInProcess([...args, '--json'], { env });
  expect(run.code, run.stderr).toBe(expectedCode);
  return JSON.parse(run.stdout);
}

beforeAll(() => {
  root = makeTempDir('preuve-json-');
  caseDir = join(root, 'case');
});

describe('--json on every command: one JSON document on stdout, nothing else', () => {
  it('init, add, list, show, facts, facts import, highlight, build, verify', async () => {
    // The first add, build and the ZIP's verify spawned; init and the others in this process.
    expect(await jsonInProcess(['init', caseDir])).toEqual({
      reference: expect.stringMatching(/^PRV-\d{8}-[0-9A-Z]{4}$/),
      caseDir,
      operator: TEST_ENV.PREUVE_OPERATOR,
    });
    const added = json(['add', join(DEMO, 'whatsapp'), '--case', caseDir]);
    expect(added).toMatchObject({ added: [{ number: 1, kind: 'conversation' }], duplicates: [] });
    expect(await jsonInProcess(['add', join(DEMO, 'whatsapp'), '--case', caseDir])).toMatchObject({
      added: [],
      duplicates: [{ exhibitNumber: 1 }],
      skipped: [],
    });
    expect(await jsonInProcess(['list', '--case', caseDir])).toMatchObject({
      caseDir,
      exhibits: [{ number: 1 }],
    });
    const shown = await jsonInProcess(['show', 'P1', '--case', caseDir]);
    expect(shown).toMatchObject({ id: 'P1', exhibit: { number: 1 }, header: {} });
    expect(shown.messages.length).toBeGreaterThan(5);
    expect(await jsonInProcess(['facts', '--case', caseDir])).toEqual({});
    expect(
      await jsonInProcess(['facts', 'import', join(DEMO, 'facts.yaml'), '--case', caseDir]),
    ).toEqual({
      file: join(DEMO, 'facts.yaml'),
      fields: expect.arrayContaining(['victim', 'payments']),
    });
    expect(
      await jsonInProcess(['highlight', 'P1', '3', '--note', 'Menace', '--case', caseDir]),
    ).toEqual({
      exhibit: 'P1',
      message: 3,
      note: 'Menace',
    });
    const built = json(['build', '--case', caseDir]);
    expect(built).toEqual({
      reference: expect.any(String),
      pdfPath: expect.stringMatching(/\.pdf$/),
      zipPath: expect.stringMatching(/\.zip$/),
      fingerprint: HASH,
      pages: expect.any(Number),
      zipSha256: HASH,
      pdfSha256: HASH,
      exhibitCount: 1,
      isEncrypted: false,
      isUnchanged: false,
      asOfSeq: expect.any(Number),
    });
    expect(json(['verify', built.zipPath])).toMatchObject({ ok: true, kind: expect.any(String) });
    expect(await jsonInProcess(['verify', caseDir])).toMatchObject({ ok: true });
  });

  it('demo', () => {
    expect(json(['demo', '--out', join(root, 'demo')])).toMatchObject({
      reference: 'PRV-20261121-DEMO',
      caseDir: join(root, 'demo'),
      zipSha256: HASH,
    });
  });

  it('a failure still writes one JSON document, {"error": {message, exitCode, code}}, on one line', async () => {
    const missing = runPreuve(['list', '--case', join(root, 'nowhere'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: {
        message: expect.stringContaining('is not a case folder'),
        exitCode: 2,
        code: 'usage',
      },
    });
    // The first failure spawned, the two usage errors in this process.
    expect((await jsonInProcess(['add', '--kind'], 2)).error.message).toContain(
      "'--kind <kind>' argument missing",
    );
    expect((await jsonInProcess(['frobnicate'], 2)).error).toMatchObject({
      exitCode: 2,
      code: 'usage',
    });
  });
});

describe('preuve build --spec', () => {
  it('creates the case, then on the same spec adds nothing and rebuilds the same ZIP', async () => {
    const specDir = join(root, 'spec');
    mkdirSync(specDir);
    const spec = join(specDir, 'lea.yaml');
    writeFileSync(
      spec,
      readFileSync(join(ROOT, 'examples/case-spec.yaml'), 'utf8').replaceAll('demo/', `${DEMO}/`),
    );
    const first = json(['build', '--spec', spec], 0, {}, specDir);
    expect(first).toEqual({
      spec,
      name: 'famille-exemple-01',
      caseDir: join(specDir, 'famille-exemple-01'),
      reference: 'PRV-20261121-EX01',
      isNewCase: true,
      added: ['P1', 'P2', 'P3', 'P4', 'P5'],
      duplicates: 0,
      skipped: 0,
      isFactsUpdated: true,
      dossier: expect.objectContaining({ exhibitCount: 5, isUnchanged: false, zipSha256: HASH }),
    });
    // The same spec again, on the case it made (--case given: the spec's own is ./<name>).
    // The second build with the CLI in this process.
    const again = await jsonInProcess(['build', '--spec', spec, '--case', first.caseDir]);
    expect(again).toMatchObject({
      caseDir: first.caseDir,
      isNewCase: false,
      added: [],
      duplicates: 5,
      isFactsUpdated: false,
    });
    expect(again.dossier).toEqual({ ...first.dossier, isUnchanged: true });
  });

  it('refuses --out and --encrypt beside --spec, naming the spec field that replaces them', () => {
    const spec = join(ROOT, 'examples/case-spec.yaml');
    const run = runPreuve(['build', '--spec', spec, '--encrypt', '--case', join(root, 'x')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--encrypt does not go with --spec: set it in the spec's build:");
  });

  it('an encrypted spec: passphrase from the environment, never from the spec', async () => {
    const spec = join(root, 'secret.yaml');
    writeFileSync(
      spec,
      `evidence:\n  - path: ${DEMO}/recu-coupon-pcs.pdf\nbuild:\n  encrypt: true\n  passphraseEnv: LEA_PASSPHRASE\n`,
    );
    const caseAt = join(root, 'secret');
    const unset = await runPreuveInProcess(['build', '--spec', spec, '--case', caseAt]);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('build.passphraseEnv LEA_PASSPHRASE: the environment variable');
    const env = { LEA_PASSPHRASE: 'quatre mots au hasard' };
    const built = json(['build', '--spec', spec, '--case', caseAt], 0, env);
    expect(built.dossier.isEncrypted).toBe(true);
    // Random salts make every encrypted ZIP differ; the same content is replaced without --force.
    // The first build spawned; the refusal before it and the commands after it in this process.
    expect(
      (await jsonInProcess(['build', '--spec', spec, '--case', caseAt], 0, env)).dossier
        .isUnchanged,
    ).toBe(true);
    const verify = await runPreuveInProcess(['verify', built.dossier.zipPath], {
      env: { PREUVE_PASSPHRASE: env.LEA_PASSPHRASE },
    });
    expect(verify.code, verify.stdout).toBe(0);

    writeFileSync(
      join(root, 'clear.yaml'),
      `build:\n  encrypt: true\n  passphrase: quatre mots au hasard\n`,
    );
    const clear = await runPreuveInProcess([
      'build',
      '--spec',
      join(root, 'clear.yaml'),
      '--case',
      join(root, 'c'),
    ]);
    expect(clear.code).toBe(2);
    expect(clear.stderr).toContain('build.passphrase: a passphrase is never written in a spec');
  });
});

describe('never a question when one cannot be asked', () => {
  it.for([
    ['--yes', ['--yes'], {}],
    ['CI=1', [], { CI: '1' }],
  ] as const)(
    'on a terminal with %s, a missing passphrase is an error naming the flags',
    ([_label, flags, env], context) => {
      requireTool(context, 'script');
      const run = spawnSync(
        'script',
        [
          '-qec',
          `${process.execPath} ${BIN} build --encrypt --case ${caseDir} ${flags.join(' ')}`,
          '/dev/null',
        ],
        { encoding: 'utf8', env: { ...process.env, ...TEST_ENV, ...env }, timeout: 20_000 },
      );
      expect(run.status).toBe(2);
      expect(run.stdout).toContain('set PREUVE_PASSPHRASE, or give --passphrase-file <file>');
    },
  );
});
