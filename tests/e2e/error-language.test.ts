import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';

/** Core errors are codes rendered in the reader's language: the French parent reads French. */
describe('a failing command speaks the language chosen', () => {
  const missing = () => join(makeTempDir(), 'nulle-part');

  it('prints French with --lang fr or a French locale, keeping the exit code and the stable code', () => {
    const flag = runPreuve(['--lang', 'fr', 'add', '--case', missing(), 'x.png']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /n'est pas un dossier d'affaire \(pas de case\.json\)\. Créez-en un/,
    );
    const locale = runPreuve(['add', '--case', missing(), 'x.png', '--json'], {
      env: { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    });
    expect(locale.code).toBe(2);
    expect(JSON.parse(locale.stdout)).toEqual({
      error: {
        message: expect.stringContaining("n'est pas un dossier d'affaire"),
        exitCode: 2,
        code: 'usage',
      },
    });
  });

  it('prints English with --lang en, as before', () => {
    const result = runPreuve(['--lang', 'en', 'add', '--case', missing(), 'x.png']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a case folder \(no case\.json\)\. Create one/);
  });
});
