import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CASE_READER, STAMP_CHECKER } from '../../../src/app/verify.js';
import { initCase, loadCase, withCase } from '../../../src/case/store.js';
import { replayStoredMessages } from '../../../src/chats/replay-stored.js';
import { buildDossier } from '../../../src/dossier/build.js';
import { addEvidence } from '../../../src/evidence/add.js';
import { markExhibit, withdrawExhibit } from '../../../src/evidence/withdraw.js';
import { fixedClock } from '../../../src/model/clock.js';
import { verifyTarget } from '../../../src/verify/dossier.js';
import { sha256File } from '../../helpers/case-state.js';
import { makeTempDir } from '../../helpers/cli.js';
import { requireTool } from '../../helpers/tools.js';

const clock = fixedClock('2026-11-30T09:15:00.000Z');
const PHOTO = resolve(
  import.meta.dirname,
  '../../fixtures/whatsapp/android-fr-media/IMG-20240312-WA0001.jpg',
);
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function caseWithScreenshot() {
  const root = makeTempDir();
  roots.push(root);
  const caseDir = join(root, 'case');
  await initCase({
    dir: caseDir,
    operator: 'Test',
    language: 'fr',
    timeZone: 'Europe/Paris',
    clock,
    reference: 'PRV-20261130-7K3Q',
  });
  const shot = join(root, 'capture.jpg');
  cpSync(PHOTO, shot);
  await open(caseDir, (session) =>
    addEvidence(session, { paths: [shot], isSensitive: false, operator: 'Test', clock }),
  );
  return { root, caseDir, shot };
}

function open<T>(caseDir: string, work: Parameters<typeof withCase<T>>[2]) {
  return withCase(caseDir, { command: 'test', operator: 'Test', clock }, work);
}

function custody(caseDir: string) {
  return readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('preuve withdraw', () => {
  it('removes the copy, keeps the number, the hashes and the reason; verify and build accept the case', async (context) => {
    const { caseDir, shot } = await caseWithScreenshot();
    await open(caseDir, (session) =>
      withdrawExhibit(session, {
        exhibit: 'P1',
        reason: 'ajoutée par erreur',
        operator: 'Test',
        clock,
      }),
    );
    expect(existsSync(join(caseDir, 'evidence/P1'))).toBe(false);
    const [exhibit] = (await loadCase(caseDir)).exhibits;
    expect(exhibit).toMatchObject({
      number: 1,
      withdrawn: { reason: 'ajoutée par erreur', by: 'Test' },
      files: [{ sha256: sha256File(shot), isExcluded: true, excludedReason: 'withdrawn' }],
    });
    expect(exhibit!.files[0]!.storedPath).toBeUndefined();
    expect(custody(caseDir).at(-1)).toMatchObject({
      action: 'withdraw',
      details: {
        exhibit: 'P1',
        reason: 'ajoutée par erreur',
        files: [{ sha256: sha256File(shot) }],
      },
    });
    expect((await verifyTarget(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );

    // The file can come back, under a new number: P1 is never reused.
    const again = await open(caseDir, (session) =>
      addEvidence(session, { paths: [shot], isSensitive: false, operator: 'Test', clock }),
    );
    expect(again.added.map((added) => added.number)).toEqual([2]);

    const built = await open(caseDir, (session) =>
      buildDossier(session, {
        operator: 'Test',
        clock,
        toolVersion: 'test',
        replayMessages: replayStoredMessages,
      }),
    );
    expect(
      (await verifyTarget(built.zipPath, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok,
    ).toBe(true);
    // The case and the ZIP were checked above; the PDF's text needs pdftotext.
    requireTool(context, 'pdftotext');
    const text = execFileSync('pdftotext', ['-layout', built.pdfPath!, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Pièce retirée/);
  });

  it('refuses without a reason, and leaves the case as it was', async () => {
    const { caseDir } = await caseWithScreenshot();
    await expect(
      open(caseDir, (session) =>
        withdrawExhibit(session, { exhibit: 'P1', reason: ' ', operator: 'Test', clock }),
      ),
    ).rejects.toThrow(/--reason/);
    expect(existsSync(join(caseDir, 'evidence/P1'))).toBe(true);
  });
});

describe('preuve mark', () => {
  it('--sensitive on a copied screenshot keeps only its hash; --not-sensitive needs the same file again', async () => {
    const { root, caseDir, shot } = await caseWithScreenshot();
    await open(caseDir, (session) =>
      markExhibit(session, { exhibit: 'P1', isSensitive: true, operator: 'Test', clock }),
    );
    expect(existsSync(join(caseDir, 'evidence/P1'))).toBe(false);
    expect((await loadCase(caseDir)).exhibits[0]).toMatchObject({
      isSensitive: true,
      kind: 'sensitive',
      files: [{ sha256: sha256File(shot), excludedReason: 'sensitive' }],
    });
    expect((await verifyTarget(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );

    await expect(
      open(caseDir, (session) =>
        markExhibit(session, { exhibit: 'P1', isSensitive: false, operator: 'Test', clock }),
      ),
    ).rejects.toThrow(/give the file again, e\.g\. preuve mark P1 --not-sensitive --file/);
    const other = join(root, 'other.txt');
    cpSync(join(caseDir, 'case.json'), other);
    await expect(
      open(caseDir, (session) =>
        markExhibit(session, {
          exhibit: 'P1',
          isSensitive: false,
          file: other,
          operator: 'Test',
          clock,
        }),
      ),
    ).rejects.toThrow(/not the file of P1/);

    await open(caseDir, (session) =>
      markExhibit(session, {
        exhibit: 'P1',
        isSensitive: false,
        file: shot,
        operator: 'Test',
        clock,
      }),
    );
    const [exhibit] = (await loadCase(caseDir)).exhibits;
    expect(exhibit).toMatchObject({ isSensitive: false, kind: 'image' });
    expect(sha256File(join(caseDir, exhibit!.files[0]!.storedPath!))).toBe(sha256File(shot));
    expect(
      custody(caseDir)
        .map((entry) => entry.action)
        .slice(-2),
    ).toEqual(['mark', 'mark']);
    expect((await verifyTarget(caseDir, { stamps: STAMP_CHECKER, reader: CASE_READER })).ok).toBe(
      true,
    );
  });
});
