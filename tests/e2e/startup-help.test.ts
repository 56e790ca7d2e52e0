import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/main.js';
import { runPreuve } from '../helpers/cli.js';

/**
 * Start-up (issue 13): bin/preuve.js prints `--help` from the text `npm run build` had commander
 * write (dist/help-<lang>.txt) and `--version` from package.json, without loading commander.
 * These checks keep those answers equal to commander's, so they cannot drift from the command
 * definitions: `preuve help` and `preuve -q --version` always go through commander.
 */
const DIST = resolve(import.meta.dirname, '../../dist');

/** The locale variables cleared, then these set. */
function locale(variables: Record<string, string>): Record<string, string> {
  return { LC_ALL: '', LC_MESSAGES: '', LANG: '', ...variables };
}

const LOCALES: ReadonlyArray<readonly [string, Record<string, string>, 'fr' | 'en']> = [
  ['French', locale({ LANG: 'fr_FR.UTF-8' }), 'fr'],
  ['English', locale({ LANG: 'en_GB.UTF-8' }), 'en'],
  ['C', locale({ LANG: 'C' }), 'en'],
  ['none', locale({}), 'en'],
  ['German', locale({ LANG: 'de_DE.UTF-8' }), 'en'],
  ['LC_ALL French over LANG English', locale({ LC_ALL: 'fr_BE', LANG: 'en_US' }), 'fr'],
  ['LC_MESSAGES English over LANG French', locale({ LC_MESSAGES: 'en', LANG: 'fr_FR' }), 'en'],
];

describe('preuve --help and --version answer what commander answers', () => {
  it.each(LOCALES)("--help and -h print commander's help (locale: %s)", (_name, env, language) => {
    const commander = runPreuve(['help'], { env });
    expect(commander.code, commander.stderr).toBe(0);
    expect(commander.stdout).toContain(
      language === 'fr'
        ? 'Utilisation : preuve [options] [command]'
        : 'Usage: preuve [options] [command]',
    );
    // The file bin/preuve.js prints is there: the fast path is taken, not commander again.
    expect(readFileSync(join(DIST, `help-${language}.txt`), 'utf8')).toBe(commander.stdout);
    for (const flag of ['--help', '-h']) {
      const fast = runPreuve([flag], { env });
      expect(fast).toEqual({ code: 0, stdout: commander.stdout, stderr: '' });
    }
  });

  it("--version and -V print commander's version", () => {
    const commander = runPreuve(['--quiet', '--version']);
    expect(commander.code, commander.stderr).toBe(0);
    const { version } = JSON.parse(readFileSync(join(DIST, '../package.json'), 'utf8'));
    expect(commander.stdout).toBe(`${version}\n`);
    for (const flag of ['--version', '-V']) {
      expect(runPreuve([flag])).toEqual({ code: 0, stdout: commander.stdout, stderr: '' });
    }
  });

  it('the help does not follow the terminal: one text is the help in any width', async () => {
    const written: string[] = [];
    const program = await createProgram(new AbortController().signal, ['node', 'preuve', 'help']);
    program.configureOutput({
      writeOut: (text) => written.push(text),
      getOutHelpWidth: () => 200,
      getOutHasColors: () => true,
    });
    program.outputHelp();
    expect(written.join('')).toBe(readFileSync(join(DIST, 'help-en.txt'), 'utf8'));
  });
});
