import { readFileSync } from 'node:fs';
import { formatMoney } from '../../model/money.js';

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
  const plurals = new Intl.PluralRules(language);
  const strings = JSON.parse(readFileSync(url, 'utf8')) as Record<string, string | string[]>;
  const text = (key: string, values: Readonly<Record<string, string | number>> = {}) => {
    const template = strings[key];
    if (template === undefined) throw new Error(`templates/${language}/wizard.json: no "${key}"`);
    const joined = Array.isArray(template) ? template.join('\n') : template;
    return fillTemplate(joined, values, plurals);
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

/**
 * `{name}` placeholders, and ICU-style plurals so that agreement lives in the templates:
 * `{count, plural, =0 {aucune pièce} one {# pièce} other {# pièces}}` (`#` is the number).
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | number>>,
  plurals: Intl.PluralRules,
): string {
  let result = '';
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{', index);
    if (open < 0) break;
    result += template.slice(index, open);
    const close = findClosingBrace(template, open);
    const inside = template.slice(open + 1, close);
    const plural = /^(\w+), plural, ([\s\S]*)$/.exec(inside);
    if (plural) {
      const count = Number(values[plural[1]!]);
      const forms = readPluralForms(plural[2]!);
      const form = forms.get(`=${count}`) ?? forms.get(plurals.select(count)) ?? forms.get('other');
      result += fillTemplate(form ?? '', values, plurals).replace(/#/g, String(count));
    } else if (/^\w+$/.test(inside) && inside in values) {
      result += String(values[inside]);
    } else {
      result += template.slice(open, close + 1);
    }
    index = close + 1;
  }
  return result + template.slice(index);
}

function findClosingBrace(template: string, open: number): number {
  let depth = 0;
  for (let index = open; index < template.length; index += 1) {
    if (template[index] === '{') depth += 1;
    else if (template[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return template.length - 1;
}

/** `=0 {…} one {…} other {…}` → selector → text. */
function readPluralForms(body: string): Map<string, string> {
  const forms = new Map<string, string>();
  let index = 0;
  while (index < body.length) {
    const selector = /^\s*(=\d+|\w+)\s*\{/.exec(body.slice(index));
    if (!selector) break;
    const open = index + selector[0].length - 1;
    const close = findClosingBrace(body, open);
    forms.set(selector[1]!, body.slice(open + 1, close));
    index = close + 1;
  }
  return forms;
}

/** "200,50 €", "1 200 €", "$50.00", "0,01 BTC": an amount as the family's language writes it. */
export function formatAmount(amount: number, currency: string, language: Language): string {
  return formatMoney(amount, currency, language);
}
