import { countrySpecs, isValidBIC, isValidIBAN } from 'ibantools';
import type { Extractor, TextMatch } from '../../model/findings.js';
import { repairOcrConfusions } from '../ocr-repair.js';

/** Country, check digits (or what OCR made of them), then groups; trimmed to the country's length after. */
const IBAN_CANDIDATE = /\b[A-Z]{2}[0-9OoIlSZB]{2}(?: ?[A-Za-z0-9]){8,32}/g;

const confirmed = new Map<string, boolean>();

/** Mod-97 first (fast); ibantools' full check (country structure) only for what passes it. */
function isStrictIban(candidate: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(candidate) || mod97(candidate) !== 1) return false;
  let isValid = confirmed.get(candidate);
  if (isValid === undefined) {
    isValid = isValidIBAN(candidate);
    if (confirmed.size > 10_000) confirmed.clear();
    confirmed.set(candidate, isValid);
  }
  return isValid;
}

/** ISO 13616 check: the rearranged IBAN, letters as 10–35, modulo 97. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i += 1) {
    const code = rearranged.charCodeAt(i);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder;
}

/** IBANs, checked with their mod-97 check digits; an OCR confusion is put right when only one fits. */
export const ibanExtractor: Extractor = {
  name: 'iban',
  mayMatch: (text) =>
    /[A-Z]{2}\d{2}/.test(text) || /[A-Z]{2}[0-9OoIlSZB]{2} ?[A-Za-z0-9]{4}/.test(text),
  extract(text) {
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(IBAN_CANDIDATE)) {
      const length = countrySpecs[match[0].slice(0, 2)]?.chars;
      if (!length) continue;
      // Map the characters of the electronic form back to the text, to cut at the country's length.
      let electronic = '';
      let end = match.index;
      for (let i = 0; i < match[0].length && electronic.length < length; i += 1) {
        const char = match[0][i] as string;
        if (char !== ' ') electronic += char;
        end = match.index + i + 1;
      }
      if (electronic.length !== length) continue;
      const value = text.slice(match.index, end);
      if (isStrictIban(electronic)) {
        matches.push(ibanMatch(value, electronic, 'valid', match.index, end));
        continue;
      }
      const repair = repairOcrConfusions(electronic, isStrictIban);
      matches.push(
        repair
          ? { ...ibanMatch(value, repair.to, 'valid', match.index, end), repair }
          : ibanMatch(value, electronic.toUpperCase(), 'unverified', match.index, end),
      );
    }
    return matches;
  },
};

function ibanMatch(
  value: string,
  normalized: string,
  validity: TextMatch['validity'],
  start: number,
  end: number,
): TextMatch {
  return { kind: 'iban', value, normalized, validity, start, end, detail: normalized.slice(0, 2) };
}

const BIC = /\b[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/g;

/** BICs, only in a text that says BIC or SWIFT (eight capitals are often just a shouted word). */
export const bicExtractor: Extractor = {
  name: 'bic',
  mayMatch: (text) => /\b(?:BIC|SWIFT)\b/i.test(text),
  extract(text) {
    const keyword = /\b(?:BIC|SWIFT)\b/i.exec(text);
    if (!keyword) return [];
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(BIC)) {
      if (match.index < keyword.index || match[0] === 'SWIFT') continue;
      if (!isValidBIC(match[0])) continue;
      matches.push({
        kind: 'bic',
        value: match[0],
        normalized: match[0].length === 8 ? `${match[0]}XXX` : match[0],
        validity: 'unverified',
        start: match.index,
        end: match.index + match[0].length,
        detail: match[0].slice(4, 6),
      });
    }
    return matches;
  },
};
