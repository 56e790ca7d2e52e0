import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { goodSpec } from './batch-specs.js';

const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FRENCH = { LANG: 'fr_FR.UTF-8' };

describe('the commands speak the reader language (regression: English sentences for a French user)', () => {
  it('a bad flag: French under a French locale, English with --lang en, same exit code and code', () => {
    const fr = runPreuve(['add', 'x', '--kind', 'photo', '--json'], { env: FRENCH });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('preuve: --kind photo : choisissez parmi image, conversation');
    expect(JSON.parse(fr.stdout)).toEqual({
      error: {
        message: expect.stringMatching(/^--kind photo : choisissez/),
        exitCode: 2,
        code: 'usage',
      },
    });
    const en = runPreuve(['add', 'x', '--kind', 'photo', '--lang', 'en'], { env: FRENCH });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('preuve: --kind photo: choose one of image, conversation');
  });

  it('batch: the JSON lines keep their shape and stable code, the message and the summary are French', () => {
    const specs = join(root, 'specs');
    mkdirSync(specs, { recursive: true });
    // Two specs naming the same case folder: both refused before anything is built.
    writeFileSync(join(specs, 'a.yaml'), goodSpec(specs, 1));
    writeFileSync(join(specs, 'b.yaml'), goodSpec(specs, 1));
    const run = runPreuve(['batch', specs, '--out', join(root, 'out'), '--json'], { env: FRENCH });
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].error).toEqual({
      exitCode: 2,
      code: 'batch.duplicate-name',
      message: expect.stringContaining(
        "le nom de dossier d'affaire « famille-01 » est utilisé par 2 spécifications",
      ),
    });
    expect(run.stderr).toContain('0 sur 2 affaires construites, 2 en échec');
    const english = runPreuve(['batch', specs, '--out', join(root, 'out'), '--lang', 'en']);
    const said = english.stdout + english.stderr;
    expect(said).toContain('the case folder name "famille-01" is used by 2 specs');
    expect(said).toContain('0 of 2 case(s) built, 2 failed');
  });
});
