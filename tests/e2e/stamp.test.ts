import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers/case-state.js';
import { BIN, makeTempDir, TEST_ENV } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import { type LocalTsa, startLocalTsa, unusedPort } from '../helpers/local-tsa.js';
import { canUseTools, requireTool } from '../helpers/tools.js';
import { listZipEntries } from '../helpers/zip.js';

let tsa: LocalTsa;

// The local authority is openssl: without it every test here is skipped (or fails in CI).
beforeEach((context) => requireTool(context, 'openssl'));
beforeAll(async () => {
  if (canUseTools('openssl')) tsa = await startLocalTsa();
});
afterAll(async () => {
  await tsa?.close();
});

/** Runs the CLI without blocking this process, which serves the local authority. */
function run(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...TEST_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the demo case (built once per run, tests/helpers/demo-case.ts). */
async function demoCase(): Promise<string> {
  return copyDemo(join(makeTempDir(), 'case'));
}

describe('preuve stamp against a local RFC 3161 authority', () => {
  it('stamps, builds, verifies; openssl ts -verify accepts the stored token for the fingerprint', async (context) => {
    requireTool(context, 'pdftotext');
    const dir = await demoCase();
    const stamped = await run(['stamp', '--case', dir, '--tsa', tsa.url, '--ca-file', tsa.caPath]);
    expect(stamped.code, stamped.stderr).toBe(0);
    expect(stamped.stderr).toContain(`Contacting 127.0.0.1 (${tsa.url})`);
    expect(stamped.stdout).toMatch(
      /✓ 127\.0\.0\.1: timestamp .* covers P1–P5, fingerprint [0-9a-f]{64}/,
    );
    const files = readdirSync(join(dir, 'timestamps')).sort();
    expect(files).toEqual([
      '01-127-0-0-1-chain.pem',
      '01-127-0-0-1.json',
      '01-127-0-0-1.tsq',
      '01-127-0-0-1.tsr',
    ]);
    const record = JSON.parse(readFileSync(join(dir, 'timestamps', '01-127-0-0-1.json'), 'utf8'));
    const output = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-digest',
        record.fingerprint,
        '-in',
        join(dir, 'timestamps', '01-127-0-0-1.tsr'),
        '-CAfile',
        tsa.caPath,
        '-untrusted',
        tsa.tsaCertPath,
      ],
      { encoding: 'utf8' },
    );
    expect(output).toMatch(/Verification: OK/);

    expect((await run(['build', '--case', dir, '--force'])).code).toBe(0);
    const zip = join(dir, 'out', 'PRV-20261121-DEMO.zip');
    const names = listZipEntries(zip);
    expect(names).toContain('PRV-20261121-DEMO/data/timestamps/01-127-0-0-1.tsr');
    const pdfText = execFileSync('pdftotext', [join(dir, 'out', 'PRV-20261121-DEMO.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(pdfText).toContain('127.0.0.1');
    // The stamp, the build and the ZIP's verify spawned; the commands after them with the CLI in
    // this process (it serves the authority between them: runPreuveInProcess is asynchronous).
    for (const [index, target] of [zip, dir].entries()) {
      const args = ['verify', target, '--ca-file', tsa.caPath, '--json'];
      const verified = index === 0 ? await run(args) : await runPreuveInProcess(args);
      expect(verified.code, verified.stdout).toBe(0);
      expect(
        JSON.parse(verified.stdout).checks.find((c: { name: string }) => c.name === 'timestamps'),
      ).toMatchObject({ ok: true });
    }

    // A tampered token is named.
    const tokenPath = join(dir, 'timestamps', '01-127-0-0-1.tsr');
    const token = readFileSync(tokenPath);
    const tampered = Buffer.from(token);
    tampered[tampered.length - 10]! ^= 0x01;
    writeFileSync(tokenPath, tampered);
    const broken = await runPreuveInProcess(['verify', dir, '--ca-file', tsa.caPath]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('timestamps/01-127-0-0-1.tsr');
    writeFileSync(tokenPath, token);

    // Evidence added afterwards: the stamp covers P1–P5 only, and says so.
    writeFileSync(join(dir, '..', 'late.txt'), 'added later\n');
    expect(
      (await runPreuveInProcess(['add', '--case', dir, join(dir, '..', 'late.txt')])).code,
    ).toBe(0);
    const later = await runPreuveInProcess(['verify', dir, '--json']);
    expect(later.code).toBe(0);
    expect(
      JSON.parse(later.stdout).checks.find((c: { name: string }) => c.name === 'timestamps').detail,
    ).toMatch(/covers P1–P5 only/);
  });

  it('--dry-run writes the request only; --import takes the answer in and checks it', async () => {
    const dir = await demoCase();
    const dry = await run(['stamp', '--case', dir, '--tsa', tsa.url, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).not.toMatch(/Contacting/);
    const tsq = readFileSync(join(dir, 'timestamps', '01-127-0-0-1.tsq'));
    const answer = join(dir, '..', 'answer.tsr');
    writeFileSync(answer, await tsa.reply(tsq));
    const imported = await run([
      'stamp',
      '--case',
      dir,
      '--import',
      answer,
      '--ca-file',
      tsa.caPath,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    // The two stamps spawned, the verify after them in this process.
    expect((await runPreuveInProcess(['verify', dir, '--ca-file', tsa.caPath])).code).toBe(0);
  });

  it('failures leave the case as it was: unreachable server, rejection, HTML page, slow server', async () => {
    const dir = await demoCase();
    const before = snapshotTree(dir);
    const port = await unusedPort();
    const unreachable = await run([
      'stamp',
      '--case',
      dir,
      '--tsa',
      `http://127.0.0.1:${port}/tsr`,
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/127\.0\.0\.1.*(ECONNREFUSED|cannot be reached)/);
    const behaviours = [
      { kind: 'html', status: 503 },
      { kind: 'reject' },
      { kind: 'slow', delayMs: 3000 },
      { kind: 'no-eku' },
      { kind: 'other-nonce' },
    ] as const;
    // The first with a spawned preuve, the others with the CLI in this process (which serves the
    // authority too: the CLI's run is asynchronous).
    let runStamp: typeof run = run;
    for (const behaviour of behaviours) {
      tsa.behaviour = behaviour;
      const result = await runStamp([
        'stamp',
        '--case',
        dir,
        '--tsa',
        tsa.url,
        '--timeout',
        '1',
        '--ca-file',
        tsa.caPath,
      ]);
      runStamp = runPreuveInProcess;
      expect(result.code, behaviour.kind).toBe(1);
      expect(result.stderr, behaviour.kind).toMatch(/✗ 127\.0\.0\.1: /);
    }
    tsa.behaviour = { kind: 'granted' };
    const after = snapshotTree(dir);
    const changed = Object.keys(after).filter(
      (key) => after[key] !== before[key] && key !== 'custody.jsonl',
    );
    expect(changed).toEqual([]);
    expect(after['custody.jsonl']).toBe(before['custody.jsonl']);
  });
});
