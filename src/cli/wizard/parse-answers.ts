import { DateTime } from 'luxon';

/** A parsed answer, or the template key of the message to re-ask with. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly problem: string;
      readonly values?: Readonly<Record<string, string>>;
    };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(key: string): Parsed<T> => ({ ok: false, problem: key });

/**
 * A date as a French family writes it: 12/03/2026, 12/3/26, 12-03-2026, 12.03.2026, 2026-03-12,
 * 12/03 (this year, or last year if that is still to come), "aujourd'hui"/"today", "hier"/"yesterday".
 * Day first always: the wizard says so. Dates to come are refused. Returns YYYY-MM-DD.
 */
export function parseDeclaredDate(answer: string, today: DateTime): Parsed<string> {
  const text = answer.trim().toLowerCase();
  if (/^(aujourd'?hui|aujourd’hui|today)$/.test(text)) return ok(today.toISODate()!);
  if (/^(hier|yesterday)$/.test(text)) return ok(today.minus({ days: 1 }).toISODate()!);
  let day: number;
  let month: number;
  let year: number | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dayFirst = /^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$/.exec(text);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dayFirst) {
    [day, month] = [Number(dayFirst[1]), Number(dayFirst[2])];
    if (dayFirst[3]) year = Number(dayFirst[3]) + (dayFirst[3].length === 2 ? 2000 : 0);
  } else {
    return problem('invalid.date');
  }
  let date = DateTime.fromObject({ year: year ?? today.year, month, day }, { zone: today.zone });
  if (!date.isValid) return problem('invalid.date');
  if (year === undefined && date > today) date = date.minus({ years: 1 });
  if (year !== undefined && year > 2000 + (today.year % 100) && dayFirst?.[3]?.length === 2)
    date = date.minus({ years: 100 });
  if (date.startOf('day') > today.startOf('day')) return problem('invalid.date-future');
  if (date.year < 1900) return problem('invalid.date');
  return ok(date.toISODate()!);
}

export interface AgeAnswer {
  readonly age: number;
  readonly dateOfBirth?: string;
}

/** "15", "15 ans", "15 years old", or a date of birth (then the age is computed for today). */
export function parseAgeOrBirthDate(answer: string, today: DateTime): Parsed<AgeAnswer> {
  const text = answer.trim().toLowerCase();
  const age = /^(\d{1,4})\s*(ans?|years?( old)?|yo)?$/.exec(text);
  if (age) {
    const years = Number(age[1]);
    return years >= 1 && years <= 120 ? ok({ age: years }) : problem('invalid.age');
  }
  const date = parseDeclaredDate(text, today);
  if (!date.ok) return problem('invalid.age');
  const birth = DateTime.fromISO(date.value, { zone: today.zone });
  const years = Math.floor(today.diff(birth, 'years').years);
  if (years < 1 || years > 120) return problem('invalid.age');
  return ok({ age: years, dateOfBirth: date.value });
}

export interface Amount {
  readonly amount: number;
  readonly currency: string;
}

const CURRENCIES: readonly [RegExp, string][] = [
  [/€|eur(os?)?\b/i, 'EUR'],
  [/\$|usd|dollars?/i, 'USD'],
  [/£|gbp/i, 'GBP'],
  [/btc|bitcoins?/i, 'BTC'],
  [/eth|ether/i, 'ETH'],
  [/usdt|tether/i, 'USDT'],
];

/** "50", "50 €", "1 000,50 euros", "€50", "0.01 BTC". Euros unless another currency is named. */
export function parseAmount(answer: string): Parsed<Amount> {
  const text = answer.trim();
  if (/-\s*\d/.test(text)) return problem('invalid.amount');
  const currency = CURRENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? 'EUR';
  const number = text
    .replace(/[^\d,.\s\u00a0\u202f]/g, '')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/,(\d{1,2})$/, '.$1')
    .replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(number)) return problem('invalid.amount');
  const amount = Number(number);
  if (!(amount > 0) || amount >= 10_000_000) return problem('invalid.amount');
  return ok({ amount, currency });
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
