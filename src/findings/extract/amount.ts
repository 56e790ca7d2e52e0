import type { Extractor, TextMatch } from '../../model/findings.js';

const CURRENCIES: Readonly<Record<string, string>> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  $: 'USD',
  usd: 'USD',
  dollar: 'USD',
  dollars: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  chf: 'CHF',
  btc: 'BTC',
  eth: 'ETH',
  usdt: 'USDT',
};

const NUMBER = String.raw`(\d{1,3}(?:[  .,\u202f]\d{3})+|\d+)(?:[.,](\d{1,8}))?`;
const UNIT = String.raw`(€|\$|£|eur(?:os?)?|usd|dollars?|gbp|chf|btc|eth|usdt)`;
const AFTER = new RegExp(String.raw`(?<![\d.,])${NUMBER}\s?${UNIT}(?![\p{L}])`, 'giu');
const BEFORE = new RegExp(String.raw`(€|\$|£)\s?${NUMBER}(?![\d])`, 'gu');

/** Amounts with their currency: `300 €`, `300€`, `€300`, `1 500 euros`, `0,05 BTC`. */
export const amountExtractor: Extractor = {
  name: 'amount',
  mayMatch: (text) => /\d/.test(text) && /[€$£]|eur|usd|dollar|gbp|chf|btc|eth|usdt/i.test(text),
  extract(text) {
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(AFTER)) {
      matches.push(amountMatch(match, match[1] as string, match[2], match[3] as string));
    }
    for (const match of text.matchAll(BEFORE)) {
      matches.push(amountMatch(match, match[2] as string, match[3], match[1] as string));
    }
    return matches;
  },
};

function amountMatch(
  match: RegExpMatchArray,
  whole: string,
  fraction: string | undefined,
  unit: string,
): TextMatch {
  const currency = CURRENCIES[unit.toLowerCase()] ?? unit.toUpperCase();
  const units = whole.replace(/[^\d]/g, '');
  const amount = String(Number(fraction ? `${units}.${fraction}` : units));
  const start = match.index as number;
  return {
    kind: 'amount',
    value: match[0],
    normalized: `${amount} ${currency}`,
    validity: 'unverified',
    start,
    end: start + match[0].length,
    detail: currency,
  };
}
