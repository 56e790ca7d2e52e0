import { DateTime, Info } from 'luxon';
import type { Parsed } from './parsed.js';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const problem = <T>(key: string, values?: Record<string, string>): Parsed<T> =>
  values ? { ok: false, problem: key, values } : { ok: false, problem: key };

/** Lower case, no accents, no abbreviation dots: "Févr." → "fevr" (12.03.2026 keeps its dots). */
function foldWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/([a-z])\./g, '$1');
}

/** Month names a family may type, French and English, long and short, with or without accents. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const names = new Map<string, number>();
  for (const locale of ['fr', 'en']) {
    for (const length of ['long', 'short'] as const) {
      Info.months(length, { locale }).forEach((name, index) => {
        names.set(foldWord(name), index + 1);
      });
    }
  }
  for (const [name, month] of [
    ['sep', 9],
    ['sept', 9],
    ['fev', 2],
    ['juil', 7],
  ] as const)
    names.set(name, month);
  return names;
})();

/** The wizard's language decides how 03/12/2026 reads: day first in French; in English, asked. */
export type DateLanguage = 'fr' | 'en';

/**
 * A date as a family writes it: 12/03/2026, 12/3/26, 12-03-2026, 12.03.2026, 2026-03-12, 12/03
 * (this year, or last year if that is still to come), "12 mars 2024", "1er mars", "March 12, 2024",
 * "12 March 2024", "aujourd'hui"/"today", "hier"/"yesterday". In French the day comes first; in
 * English a numeric date is read month first or day first only when one reading alone is a date,
 * otherwise the family is asked to write the month as a word. Dates to come are refused.
 * Returns YYYY-MM-DD.
 */
export function parseDeclaredDate(
  answer: string,
  today: DateTime,
  language: DateLanguage = 'fr',
): Parsed<string> {
  const text = foldWord(answer.trim()).replace(/\s+/g, ' ');
  if (/^(aujourd'?hui|aujourd’hui|today)$/.test(text)) return ok(today.toISODate()!);
  if (/^(hier|yesterday)$/.test(text)) return ok(today.minus({ days: 1 }).toISODate()!);
  const parts = readDateParts(text, language);
  if (!parts.ok) return parts;
  const { day, month, year, isShortYear } = parts.value;
  return checkDate(day, month, year, isShortYear, today);
}

interface DateParts {
  readonly day: number;
  readonly month: number;
  readonly year?: number;
  readonly isShortYear: boolean;
}

function readDateParts(text: string, language: DateLanguage): Parsed<DateParts> {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso)
    return ok({
      day: Number(iso[3]),
      month: Number(iso[2]),
      year: Number(iso[1]),
      isShortYear: false,
    });
  const numeric = /^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$/.exec(text);
  if (numeric) {
    const [first, second] = [Number(numeric[1]), Number(numeric[2])];
    const year = numeric[3] ? yearOf(numeric[3]) : undefined;
    const isShortYear = numeric[3]?.length === 2;
    if (language === 'fr' || first === second || first > 12)
      return ok({ day: first, month: second, year, isShortYear });
    if (second > 12) return ok({ day: second, month: first, year, isShortYear });
    // Both readings are dates (03/12/2026): never guess which one the family meant.
    return problem('invalid.date-order', {
      dayFirst: describeDay(first, second),
      monthFirst: describeDay(second, first),
    });
  }
  const dayThenMonth = /^(\d{1,2})(?:er|st|nd|rd|th)? (?:de )?([a-z]+),? ?(\d{4})?$/.exec(text);
  if (dayThenMonth && MONTHS.has(dayThenMonth[2]!))
    return ok({
      day: Number(dayThenMonth[1]),
      month: MONTHS.get(dayThenMonth[2]!)!,
      year: dayThenMonth[3] ? Number(dayThenMonth[3]) : undefined,
      isShortYear: false,
    });
  const monthThenDay = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})?$/.exec(text);
  if (monthThenDay && MONTHS.has(monthThenDay[1]!))
    return ok({
      day: Number(monthThenDay[2]),
      month: MONTHS.get(monthThenDay[1]!)!,
      year: monthThenDay[3] ? Number(monthThenDay[3]) : undefined,
      isShortYear: false,
    });
  return problem('invalid.date');
}

function yearOf(digits: string): number {
  return Number(digits) + (digits.length === 2 ? 2000 : 0);
}

/** "3 December" for the question that asks which reading was meant (English month names). */
function describeDay(day: number, month: number): string {
  return `${day} ${Info.months('long', { locale: 'en' })[month - 1]}`;
}

function checkDate(
  day: number,
  month: number,
  year: number | undefined,
  isShortYear: boolean,
  today: DateTime,
): Parsed<string> {
  let date = DateTime.fromObject({ year: year ?? today.year, month, day }, { zone: today.zone });
  if (!date.isValid) return problem('invalid.date');
  if (year === undefined && date > today) date = date.minus({ years: 1 });
  // "14/03/95" is 1995, not 2095.
  if (year !== undefined && isShortYear && year > 2000 + (today.year % 100))
    date = date.minus({ years: 100 });
  if (date.startOf('day') > today.startOf('day')) return problem('invalid.date-future');
  if (date.year < 1900) return problem('invalid.date');
  return ok(date.toISODate()!);
}
