import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers/case-state.js';
import { BIN, makeTempDir, TEST_ENV } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import { canUseTools, requireTool } from '../helpers/tools.js';

// Issue 20: inputs that destroyed the case (build --out over custody.jsonl), hung (FIFOs,
// /dev/zero) or crashed with a stack trace. Each must end with exit 1 or 2 (a hang is killed and
// fails: no timed assertion), print no stack trace, and leave the case byte for byte as it was.
// The lists of --out targets run the CLI in this process (tests/helpers/cli-in-process.ts), each
// list's first target a spawned bin/preuve.js; every hostile input (FIFOs, devices: a hang must
// be killable) is a spawned one.

let root: string;
let caseDir: string;

beforeAll(() => {
  root = makeTempDir();
  caseDir = join(root, 'case');
  copyDemo(caseDir);
  // Node cannot make a named pipe: the cases that use one need mkfifo.
  if (canUseTools('mkfifo')) execFileSync('mkfifo', [join(root, 'fifo')]);
  mkdirSync(join(root, 'folder.zip'));
  writeFileSync(join(root, 'notes.zip'), 'my own notes, not a dossier\n');
  symlinkSync(join(caseDir, 'custody.jsonl'), join(root, 'custody-link.zip'));
  symlinkSync(join(caseDir, 'case.json'), join(root, 'case-link.zip'));
  symlinkSync(caseDir, join(root, 'case-link'));
  const spec = (name: string, text: string) => writeFileSync(join(root, name), text);
  spec('proc-self.yaml', 'build:\n  output: /proc/self\n');
  spec('in-case.yaml', `build:\n  output: ${join(caseDir, 'evidence')}\n`);
  spec('fifo-pass.yaml', 'build:\n  encrypt: true\n  passphraseFile: fifo\n');
  spec('fifo-facts.yaml', 'factsFile: fifo\n');
  spec('fifo-evidence.yaml', 'evidence:\n  - path: fifo\n');
  spec('late-output.yaml', 'evidence:\n  - path: new-shot.txt\nbuild:\n  output: notes.zip\n');
  writeFileSync(join(root, 'new-shot.txt'), 'a new piece of evidence\n');
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: readonly string[], env: Record<string, string> = {}, timeout = 120_000) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...TEST_ENV, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout,
    killSignal: 'SIGKILL',
  });
  return {
    code: result.status,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** Files of the case, PDF/ZIP in out/ aside (a refused command must not touch those either). */
function expectRefused(args: readonly string[], message: RegExp, env: Record<string, string> = {}) {
  const before = snapshotTree(caseDir);
  checkRefusal(args, run([...args, '--case', caseDir], env, 30_000), message, before);
}

/** The same, with the CLI run in this process: no start-up to pay for each target of a list. */
async function expectRefusedInProcess(
  args: readonly string[],
  message: RegExp,
  env: Record<string, string> = {},
) {
  const before = snapshotTree(caseDir);
  const result = await runPreuveInProcess([...args, '--case', caseDir], { env });
  checkRefusal(args, { code: result.code, output: result.stdout + result.stderr }, message, before);
}

/** Refused (exit 1 or 2) with `message` and no stack trace; the case and its folder unchanged. */
function checkRefusal(
  args: readonly string[],
  result: { code: number | null; output: string },
  message: RegExp,
  before: ReturnType<typeof snapshotTree>,
) {
  expect(result.code, `${args.join(' ')}\n${result.output}`).toBeOneOf([1, 2]);
  expect(result.output).toMatch(message);
  expect(result.output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(snapshotTree(caseDir)).toEqual(before);
  expect(readdirSync(root).filter((name) => name.includes('.build-'))).toEqual([]);
}

const inCase = /in the case folder .*whose own files are never an output/;

describe('build --out never replaces the case’s own files', { timeout: 300_000 }, () => {
  const targets = () => [
    join(caseDir, 'custody.jsonl'),
    join(caseDir, 'case.json'),
    join(caseDir, 'custody.zip'),
    join(caseDir, 'evidence', 'P1', 'x.zip'),
    join(caseDir, 'evidence', readdirSync(join(caseDir, 'evidence'))[0]!),
    join(caseDir, 'derived', 'x.zip'),
    join(root, 'case-link', 'custody.jsonl'),
    join(root, 'case-link', 'evidence', 'P1.zip'),
  ];
  it.each([false, true])('custody.jsonl, case.json, evidence/ (--force %s)', async (isForced) => {
    const [first, ...others] = targets();
    const force = isForced ? ['--force'] : [];
    expectRefused(['build', '--out', first!, ...force], inCase);
    for (const target of others)
      await expectRefusedInProcess(['build', '--out', target, ...force], inCase);
  });

  it.each([false, true])(
    'through a symlink to custody.jsonl or case.json (--force %s)',
    async (isForced) => {
      const force = isForced ? ['--force'] : [];
      const named = /that is .*(custody\.jsonl|case\.json)\) is in the case folder/;
      expectRefused(['build', '--out', join(root, 'custody-link.zip'), ...force], named);
      await expectRefusedInProcess(
        ['build', '--out', join(root, 'case-link.zip'), ...force],
        named,
      );
    },
  );

  it('the case folder, its out/ folder, another folder, a device', async () => {
    expectRefused(['build', '--out', caseDir, '--force'], inCase);
    await expectRefusedInProcess(['build', '--out', join(caseDir, 'out'), '--force'], inCase);
    await expectRefusedInProcess(
      ['build', '--out', join(root, 'folder.zip'), '--force'],
      /is a folder/,
    );
    expectRefused(['build', '--out', '/dev/null', '--force'], /is a device/);
  });

  it('a file preuve did not write, even with --force', () => {
    expectRefused(
      ['build', '--out', join(root, 'notes.zip'), '--force'],
      /is not a dossier written by preuve\. preuve never replaces another file, even with --force/,
    );
  });

  it('still replaces a previous dossier in out/ or elsewhere', async () => {
    // The previous dossier elsewhere: the one in out/ (the demo's, as its build of this case
    // writes it), copied there with its PDF rather than built a second time.
    const copy = join(root, 'copy.zip');
    copyFileSync(join(caseDir, 'out', 'PRV-20261121-DEMO.zip'), copy);
    copyFileSync(join(caseDir, 'out', 'PRV-20261121-DEMO.pdf'), join(root, 'copy.pdf'));
    const again = await runPreuveInProcess(['build', '--case', caseDir, '--out', copy, '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect(run(['build', '--case', caseDir, '--force']).code).toBe(0);
  });
});

describe('hostile inputs end quickly with a message, the case unchanged', {
  timeout: 60_000,
}, () => {
  it.for<[string, string[], RegExp]>([
    ['facts import of a FIFO', ['facts', 'import', 'fifo'], /fifo: is a named pipe/],
    ['verify of a FIFO', ['verify', 'fifo'], /fifo: is a named pipe/],
    ['stamp --import /dev/zero', ['stamp', '--import', '/dev/zero'], /\/dev\/zero: is a device/],
    [
      'build --passphrase-file FIFO',
      ['build', '--encrypt', '--passphrase-file', 'fifo'],
      /--passphrase-file .*fifo: is a named pipe/,
    ],
    [
      'spec output /proc/self',
      ['build', '--spec', 'proc-self.yaml'],
      /build\.output: \/proc\/self cannot be written to/,
    ],
    [
      'spec output in the case',
      ['build', '--spec', 'in-case.yaml'],
      /build\.output: .* is in the case folder/,
    ],
    [
      'spec passphraseFile FIFO',
      ['build', '--spec', 'fifo-pass.yaml'],
      /build\.passphraseFile .*fifo: is a named pipe/,
    ],
    [
      'spec factsFile FIFO',
      ['build', '--spec', 'fifo-facts.yaml'],
      /factsFile .*fifo.*: is a named pipe/,
    ],
    [
      'spec evidence FIFO',
      ['build', '--spec', 'fifo-evidence.yaml'],
      /evidence\[0\]\.path "fifo" is a named pipe/,
    ],
    [
      'spec output over a file that is no dossier, with new evidence',
      ['build', '--spec', 'late-output.yaml', '--force'],
      /notes\.zip is a file, so the dossier cannot be written/,
    ],
    ['a spec that is a FIFO', ['build', '--spec', 'fifo'], /the spec .*fifo: is a named pipe/],
  ])('%s', async ([name, args, message], context) => {
    if (/FIFO/.test(name)) requireTool(context, 'mkfifo');
    const absolute = args.map((arg) =>
      [
        'fifo',
        'proc-self.yaml',
        'in-case.yaml',
        'fifo-pass.yaml',
        'fifo-facts.yaml',
        'fifo-evidence.yaml',
        'late-output.yaml',
      ].includes(arg)
        ? join(root, arg)
        : arg,
    );
    // A spec whose output is refused once read: nothing there could hang or need a process.
    if (/^spec output (in the case|over a file)/.test(name))
      await expectRefusedInProcess(absolute, message, { PREUVE_PASSPHRASE: '' });
    else expectRefused(absolute, message, { PREUVE_PASSPHRASE: '' });
  });
});
