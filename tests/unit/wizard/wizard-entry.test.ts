import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCasesHome, listCases } from '../../../src/case/cases-home.js';
import { initCase } from '../../../src/case/store.js';
import { withWizardDefault } from '../../../src/cli/commands/wizard.js';
import { chooseLanguage } from '../../../src/cli/wizard/text.js';
import { fixedClock } from '../../../src/model/clock.js';
import { makeTempDir } from '../../helpers/cli.js';

const node = ['node', 'preuve.js'];

describe('"preuve" with no command', () => {
  it('starts the wizard on a terminal, keeping global options', () => {
    expect(withWizardDefault(node, true)).toEqual([...node, 'wizard']);
    expect(withWizardDefault([...node, '--lang', 'en', '--operator', 'Claire'], true)).toEqual([
      ...node,
      '--lang',
      'en',
      '--operator',
      'Claire',
      'wizard',
    ]);
  });

  it('gives nothing to run without a terminal (help and exit 2)', () => {
    expect(withWizardDefault(node, false)).toBeUndefined();
    expect(withWizardDefault([...node, '--lang', 'en'], false)).toBeUndefined();
  });

  it('leaves commands, --help and --version alone', () => {
    expect(withWizardDefault([...node, 'list'], true)).toEqual([...node, 'list']);
    expect(withWizardDefault([...node, '-C', 'x', 'add', 'a.png'], false)).toEqual([
      ...node,
      '-C',
      'x',
      'add',
      'a.png',
    ]);
    expect(withWizardDefault([...node, '--help'], false)).toEqual([...node, '--help']);
    expect(withWizardDefault([...node, '-V'], true)).toEqual([...node, '-V']);
  });
});

describe('the language', () => {
  it('is --lang, else English for an English locale, else French', () => {
    expect(chooseLanguage('en', { LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'fr_FR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(chooseLanguage(undefined, { LANG: 'C.UTF-8' })).toBe('fr');
    expect(chooseLanguage(undefined, {})).toBe('fr');
  });
});

describe('the cases folder', () => {
  it('is PREUVE_HOME, else ~/preuve-dossiers', () => {
    expect(defaultCasesHome({ PREUVE_HOME: '/srv/asso' }, '/home/claire')).toBe('/srv/asso');
    expect(defaultCasesHome({}, '/home/claire')).toBe('/home/claire/preuve-dossiers');
  });

  it('lists each case with its state, and names a case that cannot be read', async () => {
    const home = makeTempDir();
    const clock = fixedClock('2026-11-30T09:15:00.000Z');
    await initCase({
      dir: join(home, 'a'),
      operator: 'Claire',
      language: 'fr',
      timeZone: 'Europe/Paris',
      clock,
      reference: 'PRV-20261130-AAAA',
    });
    mkdirSync(join(home, 'not-a-case'));
    mkdirSync(join(home, 'broken'));
    writeFileSync(join(home, 'broken', 'case.json'), '{');
    writeFileSync(join(home, 'a', 'out', 'PRV-20261130-AAAA.zip'), 'zip');
    const cases = await listCases(home);
    expect(cases).toHaveLength(2);
    const good = cases.find((summary) => summary.reference)!;
    expect(good).toMatchObject({
      reference: 'PRV-20261130-AAAA',
      operator: 'Claire',
      exhibitCount: 0,
      isBuilt: true,
    });
    expect(cases.find((summary) => summary.problem)?.problem).toMatch(/corrupt/);
    expect(await listCases(join(home, 'missing'))).toEqual([]);
  });
});

describe('templates', () => {
  it('French and English have the same keys', async () => {
    const { readFileSync } = await import('node:fs');
    const keys = (language: string) =>
      Object.keys(
        JSON.parse(
          readFileSync(
            new URL(`../../../templates/${language}/wizard.json`, import.meta.url),
            'utf8',
          ),
        ),
      ).sort();
    expect(keys('en')).toEqual(keys('fr'));
  });
});
