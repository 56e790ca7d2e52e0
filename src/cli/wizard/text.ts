import { readFileSync } from 'node:fs';

export type Language = 'fr' | 'en';

/** The wizard's words in one language: `say('victim.age', { name: 'Léa' })`. */
export interface WizardText {
  readonly language: Language;
  /** The template string for `key` with `{name}` placeholders filled in. */
  (key: string, values?: Readonly<Record<string, string | number>>): string;
}

/** Reads templates/<language>/wizard.json (dist/cli/wizard/ and src/cli/wizard/ → ../../../templates). */
export function loadWizardText(language: Language): WizardText {
  const url = new URL(`../../../templates/${language}/wizard.json`, import.meta.url);
  const strings = JSON.parse(readFileSync(url, 'utf8')) as Record<string, string | string[]>;
  const text = (key: string, values: Readonly<Record<string, string | number>> = {}) => {
    const template = strings[key];
    if (template === undefined) throw new Error(`templates/${language}/wizard.json: no "${key}"`);
    const joined = Array.isArray(template) ? template.join('\n') : template;
    return joined.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
  return Object.assign(text, { language });
}

/**
 * The wizard's language: --lang, else English when the system locale is English
 * (LC_ALL, LC_MESSAGES, LANG, in the order the C library reads them), else French.
 */
export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag === 'fr' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en([_.-]|$)/i.test(locale) ? 'en' : 'fr';
}
