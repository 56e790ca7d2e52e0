import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve, startPreuve } from '../helpers/cli.js';
import { goodSpec, leftovers } from './batch-specs.js';

describe('preuve batch interrupted', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-batch: exit 130, finished dossiers verify, nothing half-written, no new case started',
    async (signal) => {
      const root = makeTempDir('preuve-batch-int-');
      const specs = join(root, 'specs');
      mkdirSync(specs);
      for (let index = 1; index <= 12; index += 1)
        writeFileSync(
          join(specs, `c${String(index).padStart(2, '0')}.yaml`),
          goodSpec(specs, index),
        );
      const out = join(root, 'out');
      const child = startPreuve(['batch', specs, '--out', out, '--json']);
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const exitCode = await new Promise<number | null>((resolve) => {
        let isSent = false;
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          // Interrupt as soon as the first case is reported: the second one is then at work.
          if (!isSent && stdout.includes('\n')) {
            isSent = true;
            child.kill(signal);
          }
        });
        child.on('exit', (code) => resolve(code));
      });
      expect(exitCode, stderr).toBe(130);

      const lines = stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      const summary = lines.at(-1);
      expect(summary).toMatchObject({ type: 'summary', total: 12, exitCode: 130 });
      expect(summary.built).toBeGreaterThanOrEqual(1);
      expect(summary.built).toBeLessThan(12);
      expect(summary.built + summary.interrupted + summary.notStarted).toBe(12);
      const cases = lines.slice(0, -1);
      expect(cases).toHaveLength(12);

      for (const line of cases.filter((candidate) => candidate.status === 'built')) {
        const verify = runPreuve(['verify', line.dossier.zipPath]);
        expect(verify.code, verify.stdout).toBe(0);
      }
      for (const line of cases.filter((candidate) => candidate.status !== 'built')) {
        expect(line.error.exitCode).toBe(130);
        expect(existsSync(line.caseDir), line.caseDir).toBe(false);
      }
      expect(readdirSync(out).sort()).toEqual(
        cases
          .filter((line) => line.status === 'built')
          .map((line) => line.name)
          .sort(),
      );
      expect(leftovers(out)).toEqual([]);
    },
    120_000,
  );
});
