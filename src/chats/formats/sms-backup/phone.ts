import { createRequire } from 'node:module';
import type { CountryCode } from 'libphonenumber-js';

/**
 * libphonenumber-js, required at the first number read (about 0.06 s, 90 modules): every add
 * detects formats, and only an SMS backup's numbers need it. Required, not imported: its CommonJS
 * build loads in about half the CPU time of its ES module one.
 */
let phoneNumbers: typeof import('libphonenumber-js') | undefined;

function parsePhoneNumber(text: string, defaultCountry?: CountryCode) {
  phoneNumbers ??= createRequire(import.meta.url)(
    'libphonenumber-js',
  ) as typeof import('libphonenumber-js');
  return phoneNumbers.parsePhoneNumberFromString(text, defaultCountry);
}

/**
 * Phone numbers as keys for grouping: `+33 6 00 00 00 77`, `+33600000077` and `06 00 00 00 77`
 * are one correspondent. Short codes (`36665`), sender names (`AMAZON`) and RCS addresses
 * (`…@rcs.google.com`) are kept as they are, lower-cased.
 */
export function phoneKey(raw: string, defaultCountry?: CountryCode): string {
  const cleaned = raw.replace(/[\u200e\u200f\u202a-\u202e\u00a0]/g, ' ').trim();
  if (/^\+?[\d\s().-]{6,}$/.test(cleaned)) {
    const parsed = parsePhoneNumber(cleaned, defaultCountry);
    if (parsed?.isPossible()) return parsed.number;
  }
  return cleaned.toLowerCase();
}

/** The country of a number written in international form (`+33…`), if it has one. */
export function countryOf(raw: string): CountryCode | undefined {
  const cleaned = raw.trim();
  if (!cleaned.startsWith('+')) return undefined;
  return parsePhoneNumber(cleaned)?.country;
}

/** A number in national form that needs a country to be normalised (`0600000077`). */
export function isNationalNumber(raw: string): boolean {
  const cleaned = raw.trim();
  return !cleaned.startsWith('+') && /^[\d\s().-]{8,}$/.test(cleaned);
}

/** Splits a group address (`+33600000001~+33600000002`). Literal "null" and blanks are dropped. */
export function splitAddresses(address: string | undefined): string[] {
  if (!address || address === 'null') return [];
  return address
    .split('~')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'null');
}
