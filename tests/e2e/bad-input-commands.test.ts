import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../helpers/case-state.js';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';

let caseDir: string;

beforeAll(() => {
  caseDir = join(makeTempDir(), 'demo');
  copyDemo(caseDir);
});

/**
 * Runs a command that must fail with `code`, `message`, and leave the case as it was: a spawned
 * preuve, or (`inProcess`, for the second and later refusals of a test) the CLI run in this process.
 */
async function expectRefused(
  args: string[],
  code: number,
  message: RegExp,
  inProcess = false,
): Promise<void> {
  const before = snapshotTree(caseDir);
  const command = [...args, '--case', caseDir];
  const result = inProcess ? await runPreuveInProcess(command) : runPreuve(command);
  expect(result.code, result.stdout + result.stderr).toBe(code);
  expect(result.stderr + result.stdout).toMatch(message);
  expect(snapshotTree(caseDir)).toEqual(before);
}

describe('bad input to show, highlight, build, stamp and verify: a clear message, the case unchanged', () => {
  it('show an exhibit that does not exist', async () => {
    await expectRefused(
      ['show', 'P99'],
      2,
      /P99: no such exhibit in case PRV-20261121-DEMO \(it has P1 to P5\)/,
    );
  });

  it('highlight an exhibit that is no conversation, or a message that does not exist', async () => {
    await expectRefused(['highlight', 'P1', '3'], 2, /P1: not a conversation exhibit of this case/);
    await expectRefused(['highlight', 'P3', '999'], 2, /P3 has no message number 999/, true);
    await expectRefused(
      ['highlight', 'P3', 'deux'],
      2,
      /deux: give the message number shown by "preuve show P3"/,
      true,
    );
  });

  it('build into a folder that does not exist', async () => {
    await expectRefused(
      ['build', '--out', join(caseDir, 'nope', 'x.zip')],
      2,
      /does not exist or is not a folder/,
    );
  });

  it('stamp without naming an authority, or importing an answer that matches no request', async () => {
    await expectRefused(['stamp'], 2, /Name the timestamp authority to ask with --tsa/);
    const garbage = join(caseDir, '..', 'answer.tsr');
    writeFileSync(garbage, 'not a token');
    await expectRefused(
      ['stamp', '--import', garbage],
      2,
      /No pending timestamp request in this case/,
      true,
    );
    await expectRefused(
      ['stamp', '--import', join(caseDir, '..', 'missing.tsr')],
      2,
      /missing\.tsr: cannot be read/,
      true,
    );
  });

  it('verify something that is not a ZIP: exit 1 with a finding, never a crash', () => {
    const notZip = join(caseDir, '..', 'dossier.zip');
    writeFileSync(notZip, readFileSync(join(caseDir, 'case.json')));
    const result = runPreuve(['verify', notZip]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/ÉCHEC : 1 problème trouvé/);
    expect(runPreuve(['verify', notZip, '--ca-file', join(caseDir, 'nope.pem')]).stderr).toMatch(
      /--ca-file .*nope\.pem: cannot be read/,
    );
  });
});
