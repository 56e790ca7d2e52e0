import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';

const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

// Small files are copied several at a time (src/evidence/copy-window.ts): the case must read as if
// they were taken one by one, duplicates included.
describe('a folder of many small files', () => {
  it('numbers them in order, skips duplicates without a gap, and leaves no stray copy', () => {
    const root = makeTempDir();
    roots.push(root);
    const caseDir = join(root, 'case');
    const folder = join(root, 'captures');
    mkdirSync(folder);
    // 20 files; 02 repeats 01, 11 repeats 03 and 12 repeats 11: 17 exhibits.
    const content = (n: number) => `capture ${n} of the conversation\n`.repeat(n * 40);
    for (let n = 1; n <= 20; n += 1) {
      const same = n === 2 ? 1 : n === 11 || n === 12 ? 3 : n;
      writeFileSync(join(folder, `capture-${String(n).padStart(2, '0')}.bin`), content(same));
    }
    expect(runPreuve(['init', caseDir, '--reference', 'PRV-20261130-7K3Q']).code).toBe(0);
    const add = runPreuve(['add', '--case', caseDir, folder]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('capture-02.bin: already in the case as P1');
    expect(add.stdout).toContain('capture-12.bin: already in the case as P2');

    const exhibits = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).exhibits;
    const names = exhibits.map((e: { files: { name: string }[] }) => e.files[0]!.name);
    const expected = Array.from({ length: 20 }, (_, i) => i + 1)
      .filter((n) => ![2, 11, 12].includes(n))
      .map((n) => `capture-${String(n).padStart(2, '0')}.bin`);
    expect(names).toEqual(expected);
    expect(exhibits.map((e: { number: number }) => e.number)).toEqual(
      expected.map((_, i) => i + 1),
    );
    expect(readdirSync(join(caseDir, 'evidence')).sort()).toEqual(
      expected.map((_, i) => `P${i + 1}`).sort(),
    );
    expect(readFileSync(join(caseDir, 'evidence', 'P2', 'capture-03.bin'), 'utf8')).toBe(
      content(3),
    );
    const custody = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8').trim().split('\n');
    expect(custody.filter((line) => JSON.parse(line).action === 'add')).toHaveLength(17);
    expect(runPreuve(['verify', caseDir]).code).toBe(0);
  });
});
