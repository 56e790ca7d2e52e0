import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseSpec } from '../../../src/app/spec/load.js';
import { prepareSpec } from '../../../src/app/spec/prepare.js';
import { makeTempDir } from '../../helpers/cli.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function specFolder() {
  const root = makeTempDir();
  roots.push(root);
  const dir = join(root, 'spec');
  mkdirSync(dir);
  writeFileSync(join(root, 'outside.txt'), 'not evidence\n');
  writeFileSync(join(dir, 'note.txt'), 'une note\n');
  symlinkSync(join(root, 'outside.txt'), join(dir, 'outside-link.txt'));
  symlinkSync('/etc/shadow', join(dir, 'shadow'));
  symlinkSync('note.txt', join(dir, 'inside-link.txt'));
  return dir;
}

const prepare = (dir: string, path: string) =>
  prepareSpec(
    parseCaseSpec(`evidence:\n  - path: ${path}\n`, join(dir, 'case.yaml')),
    {},
    {
      caseDir: join(dir, 'case'),
    },
  );

describe('a spec evidence path through a link', () => {
  it('is refused when the link leads out of the spec folder', async () => {
    const dir = specFolder();
    await expect(prepare(dir, 'shadow')).rejects.toThrow(
      /evidence\[0\]\.path "shadow" is a link to .*, outside the spec's folder/,
    );
    await expect(prepare(dir, 'outside-link.txt')).rejects.toThrow(/outside the spec's folder/);
  });

  it('is followed when the link stays inside it', async () => {
    const dir = specFolder();
    const prepared = await prepare(dir, 'inside-link.txt');
    expect(prepared.evidencePaths).toEqual([join(dir, 'inside-link.txt')]);
  });
});
