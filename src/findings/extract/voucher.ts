import type { Extractor, TextMatch } from '../../model/findings.js';

/** Brands of prepaid coupons and gift cards, and the words that name them. */
const BRANDS: readonly { brand: string; words: RegExp }[] = [
  { brand: 'PCS', words: /\bpcs\b/i },
  { brand: 'Transcash', words: /\btrans\s?cash\b/i },
  { brand: 'Neosurf', words: /\bn[ée]osurf\b/i },
  { brand: 'Paysafecard', words: /\bpay\s?safe\s?card\b|\bpaysafe\b/i },
  { brand: 'Steam', words: /\bsteam\b/i },
  { brand: 'Apple', words: /\bapple\b|\bitunes\b|\bapp store\b/i },
  { brand: 'Google Play', words: /\bgoogle\s?play\b/i },
];

/** Words that make a code a coupon code even without a brand. */
const CODE_WORDS = /\b(?:code|coupon|recharge|ticket|carte cadeau|gift ?card|voucher)s?\b/i;

/** Any brand or code word, in one pass (most messages have none). */
const ANY_WORD = new RegExp(
  [CODE_WORDS, ...BRANDS.map(({ words }) => words)].map((pattern) => pattern.source).join('|'),
  'i',
);

/** Groups of capitals and digits separated by a space or a dash: 8 to 20 characters in all. */
const CODE = /(?<![A-Za-z0-9])[A-Z0-9]{3,}(?:[ -][A-Z0-9]{3,}){0,5}(?![A-Za-z0-9])/g;

/** Coupon and gift-card codes, in a text that names a brand or speaks of a code. */
export const voucherExtractor: Extractor = {
  name: 'voucher',
  mayMatch: (text) => ANY_WORD.test(text),
  extract(text, _options, context = '') {
    const named = BRANDS.filter(({ words }) => words.test(text));
    const namedBefore = named.length > 0 ? [] : BRANDS.filter(({ words }) => words.test(context));
    if (named.length === 0 && !CODE_WORDS.test(text) && !isAskingForCode(context)) return [];
    if (!/\d/.test(text)) return [];
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(CODE)) {
      let value = match[0];
      let start = match.index;
      // A brand written in capitals before the code is not part of it ("PCS 1A2B…").
      const leading = /^(?:PCS|TRANSCASH|NEOSURF|PAYSAFECARD|STEAM|APPLE|CODE|RECHARGE)[ -]/.exec(
        value,
      );
      if (leading) {
        value = value.slice(leading[0].length);
        start += leading[0].length;
      }
      const code = value.replace(/[ -]/g, '');
      const digits = code.replace(/\D/g, '').length;
      if (code.length < 8 || code.length > 20 || digits < 2) continue;
      // Long runs of digits alone are phone or card numbers unless a brand is named.
      if (digits === code.length && named.length === 0) continue;
      const brand = nearestBrand(text, start, named) ?? namedBefore[0]?.brand;
      matches.push({
        kind: 'voucher',
        value,
        normalized: code,
        validity: 'unverified',
        start,
        end: start + value.length,
        ...(brand ? { detail: brand } : {}),
      });
    }
    return matches;
  },
};

/** The previous message names a coupon or a code: the answer may be the code alone. */
function isAskingForCode(context: string): boolean {
  return (
    context !== '' && (CODE_WORDS.test(context) || BRANDS.some(({ words }) => words.test(context)))
  );
}

function nearestBrand(
  text: string,
  at: number,
  named: readonly { brand: string; words: RegExp }[],
): string | undefined {
  let best: { brand: string; distance: number } | undefined;
  for (const { brand, words } of named) {
    const global = new RegExp(words.source, 'gi');
    for (const match of text.matchAll(global)) {
      const distance = Math.abs(match.index - at);
      if (!best || distance < best.distance) best = { brand, distance };
    }
  }
  return best?.brand;
}
