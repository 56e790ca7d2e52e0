import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { type GeneratedSpec, leftovers, writeBatchSpecs } from './batch-specs.js';

let root: string;
let specs: GeneratedSpec[];
let run: ReturnType<typeof runPreuve>;
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from stdout; the assertions check its shape.
let lines: Record<string, any>[];

beforeAll(() => {
  root = makeTempDir('preuve-batch-');
  specs = writeBatchSpecs(join(root, 'specs'));
  run = runPreuve([
    'batch',
    join(root, 'specs'),
    '--out',
    join(root, 'out'),
    '--concurrency',
    '2',
    '--json',
  ]);
  lines = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}, 180_000);

describe('preuve batch on 9 generated specs, 5 of them wrong', () => {
  it('exits 1 and writes only JSON Lines on stdout: one line per spec, then the summary', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(lines).toHaveLength(10);
    expect(lines.slice(0, 9).every((line) => line.type === 'case')).toBe(true);
    expect(new Set(lines.slice(0, 9).map((line) => line.spec))).toEqual(
      new Set(specs.map((spec) => spec.file)),
    );
    expect(lines[9]).toEqual({
      type: 'summary',
      total: 9,
      built: 4,
      failed: 5,
      interrupted: 0,
      notStarted: 0,
      durationMs: expect.any(Number),
      exitCode: 1,
    });
    expect(run.stderr).toContain('4 of 9 cases built, 5 failed');
  });

  it('names each failure with its reason and the exit code it would have had alone', () => {
    for (const spec of specs.filter((candidate) => candidate.expected === 'failed')) {
      const line = lines.find((candidate) => candidate.spec === spec.file)!;
      expect(line, spec.file).toMatchObject({ status: 'failed', error: { exitCode: 2 } });
      expect(line.error.message).toContain(spec.file);
      expect(line.error.message).toMatch(spec.reason!);
    }
  });

  it('gives each built case the documented shape, in its own folder under --out', () => {
    for (const spec of specs.filter((candidate) => candidate.expected === 'built')) {
      const line = lines.find((candidate) => candidate.spec === spec.file)!;
      expect(line).toEqual({
        type: 'case',
        spec: spec.file,
        name: spec.name,
        caseDir: join(root, 'out', spec.name),
        status: 'built',
        reference: expect.stringMatching(/^PRV-20261130-B0\d\d$/),
        isNewCase: true,
        added: expect.arrayContaining(['P1', 'P2']),
        duplicates: 0,
        skipped: 0,
        isFactsUpdated: true,
        dossier: {
          zipPath: join(root, 'out', spec.name, 'out', `${line.reference}.zip`),
          pdfPath: join(root, 'out', spec.name, 'out', `${line.reference}.pdf`),
          zipSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          pages: expect.any(Number),
          exhibitCount: line.added.length,
          isEncrypted: false,
          isUnchanged: false,
        },
        durationMs: expect.any(Number),
      });
    }
  });

  it('every built dossier verifies with preuve verify (exit 0)', async () => {
    // The first with a spawned preuve, the 3 others with the CLI in this process.
    let isSpawned = true;
    for (const line of lines.filter((candidate) => candidate.status === 'built')) {
      const args = ['verify', line.dossier.zipPath, '--json'];
      const verify = isSpawned ? runPreuve(args) : await runPreuveInProcess(args);
      isSpawned = false;
      expect(verify.code, verify.stdout).toBe(0);
      expect(JSON.parse(verify.stdout).ok).toBe(true);
    }
  });

  it('leaves nothing of the failed specs (the ambiguous one had started its case) and no temporary file', () => {
    expect(readdirSync(join(root, 'out')).sort()).toEqual(
      specs
        .filter((spec) => spec.expected === 'built')
        .map((spec) => spec.name)
        .sort(),
    );
    expect(leftovers(join(root, 'out'))).toEqual([]);
  });

  it('run again, adds nothing and rebuilds the very same ZIPs', () => {
    const again = runPreuve(['batch', join(root, 'specs'), '--out', join(root, 'out'), '--json']);
    expect(again.code).toBe(1);
    const second = again.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const line of second.filter((candidate) => candidate.status === 'built')) {
      const first = lines.find((candidate) => candidate.spec === line.spec)!;
      expect(line).toMatchObject({ isNewCase: false, added: [], isFactsUpdated: false });
      expect(line.dossier).toMatchObject({ isUnchanged: true, zipSha256: first.dossier.zipSha256 });
    }
    expect(second.at(-1)).toMatchObject({ built: 4, failed: 5 });
  }, 120_000);
});
