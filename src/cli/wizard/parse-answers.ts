import { DateTime } from 'luxon';
import { type DateLanguage, parseDeclaredDate } from './parse-date.js';

import type { Parsed } from './parsed.js';

export type { Parsed } from './parsed.js';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(key: string): Parsed<T> => ({ ok: false, problem: key });

export { type Amount, parseAmount } from './parse-amount.js';
export { type DateLanguage, parseDeclaredDate } from './parse-date.js';

export interface AgeAnswer {
  readonly age: number;
  readonly dateOfBirth?: string;
}

/** "15", "15 ans", "15 years old", or a date of birth (then the age is computed for today). */
export function parseAgeOrBirthDate(
  answer: string,
  today: DateTime,
  language: DateLanguage = 'fr',
): Parsed<AgeAnswer> {
  const text = answer.trim().toLowerCase();
  const age = /^(\d{1,4})\s*(ans?|years?( old)?|yo)?$/.exec(text);
  if (age) {
    const years = Number(age[1]);
    return years >= 1 && years <= 120 ? ok({ age: years }) : problem('invalid.age');
  }
  const date = parseDeclaredDate(text, today, language);
  // "Which one did you mean?" is a better question than "not an age".
  if (!date.ok) return date.problem === 'invalid.date-order' ? date : problem('invalid.age');
  const birth = DateTime.fromISO(date.value, { zone: today.zone });
  const years = Math.floor(today.diff(birth, 'years').years);
  if (years < 1 || years > 120) return problem('invalid.age');
  return ok({ age: years, dateOfBirth: date.value });
}

/** How the author was identified: what the user typed, sorted into the field the police need. */
export type IdentifierField = 'profileUrl' | 'email' | 'phone' | 'handle' | 'pseudonym';

export function classifyIdentifier(answer: string): IdentifierField {
  const text = answer.trim();
  if (/^(https?:\/\/|www\.)/i.test(text) || /^[\w.-]+\.(com|net|org|me|gg|fr)\//i.test(text))
    return 'profileUrl';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return 'email';
  if (/^\+?[\d\s().-]{8,}$/.test(text) && text.replace(/\D/g, '').length >= 8) return 'phone';
  if (text.startsWith('@') || !/\s/.test(text)) return 'handle';
  return 'pseudonym';
}

/** A phone number or an e-mail address given as a contact. */
export function classifyContact(answer: string): 'phone' | 'email' {
  return /@/.test(answer) ? 'email' : 'phone';
}

/** "Je ne sais pas", "pas de code", "I don't know": no code, as an empty answer. */
const NO_CODE =
  /^(?:je ne (?:le )?sais pas|(?:je )?sais pas|(?:il n'y a )?pas de code|aucun|non|\?|i don'?t know|no code|none)[ .!]*$/i;

/**
 * A PCS Mastercard recharge code ("code RECH" on the receipt): 16 digits, typed with spaces or
 * dashes or without, saved as four groups of four ("1234 5678 9012 3456"); a "RECH" label typed
 * before it is dropped. "Je ne sais pas" or "pas de code" is no code (null).
 */
export function parsePcsCode(answer: string): Parsed<string | null> {
  const text = answer.trim();
  if (text === '' || NO_CODE.test(text)) return ok(null);
  const code = text.replace(/^(?:code\s+)?rech(?:arge)?\s*:?\s*/i, '');
  const digits = code.replace(/\D/g, '');
  if (/^[\d\s.-]+$/.test(code) && digits.length === 16)
    return ok(digits.replace(/(\d{4})(?=\d)/g, '$1 '));
  return { ok: false, problem: 'invalid.pcs-code', values: { digits: String(digits.length) } };
}
