import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';

const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('names printed on the terminal', () => {
  it('add, list and show print a hostile file name with visible escapes, never raw controls', async () => {
    const caseDir = join(root, 'case');
    // What prints the name spawned; init and the JSON listing with the CLI in this process.
    expect(
      (await runPreuveInProcess(['init', caseDir, '--reference', 'PRV-20261130-7K3Q'])).code,
    ).toBe(0);
    // Retitles the terminal, then fakes a second exhibit line.
    const name = 'receipt\u001b]0;pwned\u0007\n  P9   image        fake.png';
    writeFileSync(join(root, name), '%PDF-1.4 synthetic receipt\n');
    const added = runPreuve(['add', join(root, name), '--case', caseDir]);
    expect(added.code, added.stderr).toBe(0);
    const listed = runPreuve(['list', '--case', caseDir]);
    expect(listed.code).toBe(0);
    for (const output of [added.stdout, listed.stdout]) {
      expect(output).toContain('receipt\\x1b]0;pwned\\x07\\n  P9   image        fake.png');
      expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      expect(output).not.toMatch(/^\s+P9 /m);
    }
    const shown = runPreuve(['show', 'P1', '--case', caseDir]);
    expect(shown.stdout).toContain('receipt\\x1b]0;pwned');
    expect(shown.stdout).not.toContain('\u001b');
    // The name is kept as it is in the case; only the terminal sees it escaped.
    const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
    expect(caseFile.exhibits[0].files[0].name).toBe(name);
    expect((await runPreuveInProcess(['list', '--case', caseDir, '--json'])).stdout).toContain(
      JSON.stringify(name).slice(1, -1),
    );
  });
});
