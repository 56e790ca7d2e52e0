/**
 * Dates written in the account's language, as Meta's HTML export prints them:
 * English "Mar 13, 2024 10:41 pm" (Facebook adds seconds; older pages "Mar 13, 2024, 10:41 PM"),
 * French "13 mars 2024 22:41" (also "13 mars 2024 à 22:41", "22h41"). Month names come from
 * luxon's locale data, so no table is typed by hand. No zone is written: the caller applies one.
 */
import { Info } from 'luxon';
import type { WallClockParts } from '../time.js';

export type DateLocale = 'fr' | 'en';

export interface LocalizedTime {
  readonly parts: WallClockParts;
  readonly locale: DateLocale;
  readonly hasSeconds: boolean;
}

/** Lower case, no accents, no dots: "Févr." → "fevr". */
function foldMonth(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\./g, '')
    .toLowerCase();
}

function monthTable(locale: DateLocale): Map<string, number> {
  const table = new Map<string, number>();
  for (const style of ['long', 'short'] as const) {
    for (const [i, name] of Info.months(style, { locale }).entries()) {
      table.set(foldMonth(name), i + 1);
    }
  }
  if (locale === 'en') table.set('sept', 9);
  return table;
}

const months: Record<DateLocale, Map<string, number>> = {
  fr: monthTable('fr'),
  en: monthTable('en'),
};

const time = String.raw`(?<hour>\d{1,2})(?::|h)(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\s*(?<ampm>[ap])\.?\s?m\.?)?`;
const word = String.raw`(?<month>[^\d\s,]+)`;
const english = new RegExp(
  String.raw`^${word}\s+(?<day>\d{1,2}),?\s+(?<year>\d{4}),?\s+(?:at\s+)?${time}$`,
  'i',
);
const french = new RegExp(
  String.raw`^(?<day>\d{1,2})(?:er)?\s+${word}\s+(?<year>\d{4}),?\s+(?:à\s+)?${time}$`,
  'i',
);

/**
 * Reads a localized date. Returns undefined when the text is not one (so callers can use it to
 * find the date element of a message). The locale is the one whose pattern and month name match.
 */
export function parseLocalizedTime(text: string): LocalizedTime | undefined {
  const cleaned = text
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (cleaned.length > 40) return undefined;
  for (const [locale, pattern] of [
    ['en', english],
    ['fr', french],
  ] as const) {
    const groups = pattern.exec(cleaned)?.groups;
    if (!groups) continue;
    const month = months[locale].get(foldMonth(groups.month ?? ''));
    if (month === undefined) continue;
    let hour = Number(groups.hour);
    const ampm = groups.ampm?.toLowerCase();
    if (ampm !== undefined) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm === 'p' ? 12 : 0);
    }
    const second = groups.second === undefined ? undefined : Number(groups.second);
    return {
      parts: {
        year: Number(groups.year),
        month,
        day: Number(groups.day),
        hour,
        minute: Number(groups.minute),
        ...(second === undefined ? {} : { second }),
      },
      locale,
      hasSeconds: second !== undefined,
    };
  }
  return undefined;
}
