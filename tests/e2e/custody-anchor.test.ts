import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';

/** Runs preuve with the CLI in this process: the commands around the one each test spawns. */
const runHere = runPreuveInProcess;

const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Entry {
  action: string;
  operator: string;
  prev: string;
  details: {
    fingerprint?: string;
    previousFingerprint?: string | null;
    custodySeal?: { entry: number; sha256: string };
  };
}

function custody(caseDir: string): Entry[] {
  return readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** The attack the chain alone does not show: edit a line, recompute every `prev` after it. */
function rechain(caseDir: string, edit: (entries: Entry[]) => void): void {
  const entries = custody(caseDir);
  edit(entries);
  let prev = '0'.repeat(64);
  const lines: string[] = [];
  for (const entry of entries) {
    entry.prev = prev;
    const line = JSON.stringify(entry);
    lines.push(line);
    prev = createHash('sha256').update(line).digest('hex');
  }
  writeFileSync(join(caseDir, 'custody.jsonl'), `${lines.join('\n')}\n`);
}

describe('custody anchors (verify --expect)', () => {
  const caseDir = join(root, 'case');
  let fingerprint = '';

  it('every build records the custody seal it covers and the previous dossier fingerprint', async () => {
    // The first build spawned; init, the adds and the second build in this process.
    expect((await runHere(['init', caseDir, '--reference', 'PRV-20261130-7K3Q'])).code).toBe(0);
    writeFileSync(join(root, 'receipt.pdf'), '%PDF-1.4 synthetic receipt\n');
    writeFileSync(join(root, 'receipt-2.pdf'), '%PDF-1.4 second synthetic receipt\n');
    expect((await runHere(['add', join(root, 'receipt.pdf'), '--case', caseDir])).code).toBe(0);
    expect(runPreuve(['build', '--case', caseDir]).code).toBe(0);
    const first = custody(caseDir).at(-1)!;
    fingerprint = first.details.fingerprint!;
    expect(first.details.previousFingerprint).toBeNull();
    expect(first.details.custodySeal).toEqual({ entry: 2, sha256: first.prev });
    expect((await runHere(['add', join(root, 'receipt-2.pdf'), '--case', caseDir])).code).toBe(0);
    expect((await runHere(['build', '--case', caseDir, '--force'])).code).toBe(0);
    expect(custody(caseDir).at(-1)!.details.previousFingerprint).toBe(fingerprint);
  });

  it('the case passes verify --expect with the fingerprint of any dossier it built, and with its seal', async () => {
    // The first verify spawned, the others in this process.
    expect(runPreuve(['verify', caseDir, '--expect', fingerprint]).code).toBe(0);
    const seal = custody(caseDir).at(-1)!.details.custodySeal!.sha256;
    expect((await runHere(['verify', caseDir, '--expect', seal.toUpperCase()])).code).toBe(0);
    const zip = join(caseDir, 'out', 'PRV-20261130-7K3Q.zip');
    expect((await runHere(['verify', zip, '--expect', seal])).code).toBe(0);
    const other = await runHere(['verify', zip, '--expect', fingerprint, '--lang', 'en']);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/not the one whose fingerprint is/);
    const french = await runHere(['verify', zip, '--expect', fingerprint, '--lang', 'fr']);
    expect(french.stdout).toContain("✗ Ce dossier n'est pas celui dont l'empreinte est");
    expect(french.stdout).not.toContain('détail technique');
    expect((await runHere(['verify', caseDir, '--expect', 'abc'])).code).toBe(2);
  });

  it('a re-chained custody log passes plain verify but fails verify --expect <old fingerprint>', async () => {
    rechain(caseDir, (entries) => {
      entries[1]!.operator = 'Someone else';
    });
    expect(runPreuve(['verify', caseDir]).code).toBe(0);
    const result = await runHere(['verify', caseDir, '--expect', fingerprint, '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/custody log was changed after the dossier .* was built/);
  });

  it('a log rewritten with its build lines fails too: no dossier of this case has that fingerprint', () => {
    rechain(caseDir, (entries) => {
      for (const entry of entries)
        if (entry.action === 'build') entry.details.fingerprint = 'f'.repeat(64);
    });
    const result = runPreuve(['verify', caseDir, '--expect', fingerprint, '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/No dossier built from this case has the fingerprint/);
  });
});
