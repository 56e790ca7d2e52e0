import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, makeTempDir, TEST_ENV } from '../helpers/cli.js';
import { requireTool } from '../helpers/tools.js';
import { goodSpec } from './batch-specs.js';

const SCRIPT = resolve(import.meta.dirname, '../../examples/batch-dossiers.sh');

describe("the organisation's script (README, examples/batch-dossiers.sh)", () => {
  it('is the one the README shows', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(readFileSync(SCRIPT, 'utf8'));
  });

  it('turns a folder of specs into verified dossiers, naming the failures, from JSON only', (context) => {
    requireTool(context, 'sh');
    const root = makeTempDir('preuve-script-');
    mkdirSync(join(root, 'bin'));
    symlinkSync(BIN, join(root, 'bin', 'preuve'));
    mkdirSync(join(root, 'specs'));
    for (const index of [1, 2, 3])
      writeFileSync(join(root, 'specs', `f${index}.yaml`), goodSpec(join(root, 'specs'), index));
    writeFileSync(join(root, 'specs', 'typo.yaml'), 'evidence:\n  - pth: capture.png\n');
    const run = spawnSync('sh', [SCRIPT], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...TEST_ENV, PATH: `${join(root, 'bin')}:${process.env.PATH}` },
    });
    expect(run.status, run.stderr).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FAILED {3}typo: .*typo\.yaml: evidence\[0\]: unknown field "pth"/);
    expect(lines.filter((line) => line.startsWith('verified '))).toHaveLength(3);
    expect(lines.at(-1)).toBe('3 of 4 dossiers built and verified');
  });
});
