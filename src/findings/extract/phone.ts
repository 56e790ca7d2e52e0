import type { CountryCode } from 'libphonenumber-js/max';
import type { Extractor, TextMatch } from '../../model/findings.js';
import { parsePhoneNumberFromString } from '../phone-numbers.js';

/**
 * A run that can be a phone number: `+33 6…`, `0033 6…` or a national `06…`, digits grouped by
 * spaces, dots or dashes. Only these runs go to libphonenumber (its own text scanner is ~50× slower).
 */
const CANDIDATE =
  /(?<![\p{L}\p{N}+])(?:\+\s?\d{1,3}|00\d{1,3}|0)(?:[\s.-]?\(0\))?(?:[\s.-]?\d){6,13}(?!\d)/gu;

/** Phone numbers, read with the case's country as the region of numbers without +country. */
export const phoneExtractor: Extractor = {
  name: 'phone',
  mayMatch: (text) => /[+0]\s?\d/.test(text),
  extract(text, options) {
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(CANDIDATE)) {
      const value = match[0].trimEnd();
      const number = parseCached(value, options.defaultCountry);
      if (!number) continue;
      matches.push({
        kind: 'phone',
        value,
        ...number,
        start: match.index,
        end: match.index + value.length,
      });
    }
    return matches;
  },
};

type ParsedPhone = Pick<TextMatch, 'normalized' | 'validity' | 'detail'>;
const parsed = new Map<string, ParsedPhone | null>();

/** libphonenumber takes ~0.1 ms a number; a chat repeats the same few numbers many times. */
function parseCached(value: string, country: string): ParsedPhone | undefined {
  const key = `${country}|${value}`;
  let result = parsed.get(key);
  if (result === undefined) {
    const number = parsePhoneNumberFromString(value.replace(/^00/, '+'), country as CountryCode);
    result = number?.isPossible()
      ? {
          normalized: number.number,
          validity: number.isValid() ? 'valid' : 'unverified',
          ...(number.country ? { detail: number.country } : {}),
        }
      : null;
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(key, result);
  }
  return result ?? undefined;
}
