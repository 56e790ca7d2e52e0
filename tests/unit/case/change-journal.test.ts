import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_READER, STAMP_CHECKER } from '../../../src/app/verify.js';
import { journalPath } from '../../../src/case/change-journal.js';
import { initCase, loadCase, serializeCase, withCase } from '../../../src/case/store.js';
import { fixedClock } from '../../../src/model/clock.js';
import { prepareCustodyLines, readCustodyLines } from '../../../src/model/custody.js';
import { verifyCase } from '../../../src/verify/case.js';
import { makeTempDir } from '../../helpers/cli.js';

const clock = fixedClock(new Date('2026-11-30T09:15:00.000Z'));
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function newCase(): Promise<string> {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Claire Martin (test)',
    language: 'en',
    timeZone: 'Europe/Paris',
    reference: 'PRV-20261130-7K3Q',
    clock,
  });
  return caseDir;
}

/** The state a kill leaves after the journal was written and half of the custody append. */
async function interruptFactsImport(caseDir: string, tornBytes: number): Promise<void> {
  const caseFile = await loadCase(caseDir);
  const custodyFile = join(caseDir, 'custody.jsonl');
  const lines = await readCustodyLines(custodyFile);
  const prepared = prepareCustodyLines(
    lines,
    [{ action: 'facts-import', details: { fields: ['narrative'] } }],
    { operator: 'Claire Martin (test)', at: clock.now(), timeZone: 'Europe/Paris' },
  );
  const caseJson = serializeCase({ ...caseFile, facts: { narrative: 'Contact on 12 March.' } });
  writeFileSync(
    journalPath(caseDir),
    JSON.stringify({
      version: 1,
      command: 'facts import',
      custodyBytesBefore: readFileSync(custodyFile).length,
      custodyLinesBefore: lines.length,
      caseJson,
      custody: prepared.text,
    }),
  );
  writeFileSync(join(caseDir, 'case.json'), caseJson);
  appendFileSync(custodyFile, prepared.text.slice(0, tornBytes));
}

describe('crash-atomic case changes (write-ahead journal)', () => {
  it('verify names an interrupted change and the command that repairs it, never a manual edit', async () => {
    const caseDir = await newCase();
    await interruptFactsImport(caseDir, 40);
    const report = await verifyCase(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER });
    expect(report.ok).toBe(false);
    expect(report.findings[0]?.problem).toBe('interrupted');
    expect(report.summary).toMatch(/"preuve facts import" was interrupted/);
    expect(report.summary).toMatch(/preuve recover/);
    expect(report.summary).not.toMatch(/by hand/);
  });

  it('opening the case finishes the change (a torn custody line is cut off) and logs the recovery', async () => {
    const caseDir = await newCase();
    await interruptFactsImport(caseDir, 40);
    const recovered = await withCase(
      caseDir,
      { command: 'list', operator: 'Léo Petit (test)', clock },
      async (session) => session.recovered,
    );
    expect(recovered?.command).toBe('facts import');
    const actions = (await readCustodyLines(join(caseDir, 'custody.jsonl'))).map(
      (line) => JSON.parse(line) as { action: string; operator: string; details: unknown },
    );
    expect(actions.map((entry) => entry.action)).toEqual(['init', 'facts-import', 'recover']);
    expect(actions[2]).toMatchObject({
      operator: 'Léo Petit (test)',
      details: { interrupted: 'facts import', completed: [2] },
    });
    expect((await loadCase(caseDir)).facts).toEqual({ narrative: 'Contact on 12 March.' });
    expect((await verifyCase(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );
  });

  it('a change whose custody lines were all written is only closed, not written twice', async () => {
    const caseDir = await newCase();
    await interruptFactsImport(caseDir, Number.MAX_SAFE_INTEGER);
    await withCase(caseDir, { command: 'recover', operator: 'x', clock }, async () => {});
    const lines = await readCustodyLines(join(caseDir, 'custody.jsonl'));
    expect(lines.map((line) => JSON.parse(line).action)).toEqual([
      'init',
      'facts-import',
      'recover',
    ]);
    expect((await verifyCase(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );
  });

  it('an add killed before it was journaled: its copies are called leftovers, then removed and logged', async () => {
    const caseDir = await newCase();
    const folder = join(caseDir, 'evidence', 'P1');
    mkdirSync(folder);
    writeFileSync(join(folder, 'receipt.pdf'), '%PDF-1.4 x', { mode: 0o400 });
    const before = await verifyCase(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER });
    expect(before.findings[0]).toMatchObject({ problem: 'interrupted' });
    expect(before.summary).toMatch(/left by an interrupted "preuve add".*preuve recover/);
    const cleaned = await withCase(
      caseDir,
      { command: 'recover', operator: 'x', clock },
      async (session) => session.cleanedUp,
    );
    expect(cleaned).toEqual([folder]);
    const last = (await readCustodyLines(join(caseDir, 'custody.jsonl'))).at(-1)!;
    expect(JSON.parse(last)).toMatchObject({
      action: 'recover',
      details: { removed: ['evidence/P1'] },
    });
    expect((await verifyCase(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );
  });
});
