import { readFileSync } from 'node:fs';

/** The languages of the dossier, the wizard and the catalogue. */
export type MessageLanguage = 'fr' | 'en';

/** A list of messages is rendered joined by "; " (" ; " in French). */
export type MessageParam = string | number | Message | readonly Message[];

/**
 * Something the core or a parser says to the user, as a code and its parameters, rendered from
 * templates/<lang>/messages.json in the language of the reader (a French dossier, an English
 * `--json` consumer…). A parameter may itself be a message (a language name, a date order).
 */
export interface Message {
  readonly code: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

const catalogues = new Map<MessageLanguage, Readonly<Record<string, string>>>();

/** Every code of a language and its template (templates/<lang>/messages.json). */
export function readCatalogue(language: MessageLanguage): Readonly<Record<string, string>> {
  let catalogue = catalogues.get(language);
  if (!catalogue) {
    catalogue = JSON.parse(
      readFileSync(new URL(`../../templates/${language}/messages.json`, import.meta.url), 'utf8'),
    ) as Record<string, string>;
    catalogues.set(language, catalogue);
  }
  return catalogue;
}

/** The text of a message in a language, `{placeholders}` filled in. An unknown code is a bug. */
export function renderMessage(language: MessageLanguage, message: Message): string {
  const template = readCatalogue(language)[message.code];
  if (template === undefined)
    throw new Error(`No ${language} text for message code ${message.code}`);
  const params = message.params ?? {};
  return fillPlurals(language, template, params).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    // French puts a space before a semicolon.
    if (Array.isArray(value))
      return value
        .map((item) => renderMessage(language, item))
        .join(language === 'fr' ? ' ; ' : '; ');
    return typeof value === 'object' ? renderMessage(language, value as Message) : String(value);
  });
}

/** A message, or a sentence written before messages had codes (kept as it was). */
export function renderText(language: MessageLanguage, text: string | Message): string {
  return typeof text === 'string' ? text : renderMessage(language, text);
}

/**
 * `{count, plural, one {# pièce} other {# pièces}}` (ICU style, as in wizard.json): the form for
 * the number `count`, `#` replaced by it, so that agreement lives in the templates. A form holds
 * plain text and `{placeholders}`, no nested plural.
 */
function fillPlurals(
  language: MessageLanguage,
  template: string,
  params: Readonly<Record<string, MessageParam>>,
): string {
  if (!template.includes(', plural,')) return template;
  return template.replace(
    /\{(\w+), plural,((?:\s*[=\w]+\s*\{[^{}]*(?:\{\w+\}[^{}]*)*\})+)\s*\}/g,
    (whole, name: string, body: string) => {
      const count = Number(params[name]);
      if (Number.isNaN(count)) return whole;
      const forms = new Map<string, string>();
      for (const form of body.matchAll(/([=\w]+)\s*\{((?:[^{}]|\{\w+\})*)\}/g))
        forms.set(form[1]!, form[2]!);
      const chosen =
        forms.get(`=${count}`) ??
        forms.get(new Intl.PluralRules(language).select(count)) ??
        forms.get('other');
      return (chosen ?? '').replace(/#/g, String(count));
    },
  );
}
