#!/usr/bin/env node
// Run by `npm run build` after tsc: writes dist/help-fr.txt and dist/help-en.txt, the help
// commander prints for `preuve help` under a French and an English locale, which bin/preuve.js
// prints for `preuve --help` without loading commander and the commands (issue 13: start-up).
// It fails, and the build with it, when commander's help under no locale (C) differs from the
// English one: bin/preuve.js would then print the wrong one.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = { fr: 'fr_FR.UTF-8', en: 'en_US.UTF-8', none: 'C' };

/** The help as commander prints it for `preuve help` in this locale, from a clean environment. */
function readCommanderHelp(locale) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'preuve.js'), 'help'], {
    env: { PATH: process.env.PATH, LC_ALL: locale },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0 || result.stdout === '')
    throw new Error(`preuve help (LC_ALL=${locale}) failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

const help = Object.fromEntries(
  Object.entries(LOCALES).map(([language, locale]) => [language, readCommanderHelp(locale)]),
);
for (const language of ['fr', 'en'])
  rmSync(join(root, 'dist', `help-${language}.txt`), { force: true });
if (help.none !== help.en) {
  throw new Error(
    'the help under no locale differs from the English one: teach bin/preuve.js (readHelpLanguage) which help that is',
  );
}
for (const language of ['fr', 'en'])
  writeFileSync(join(root, 'dist', `help-${language}.txt`), help[language]);
