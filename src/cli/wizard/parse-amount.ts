import type { Parsed } from './parsed.js';

export interface Amount {
  readonly amount: number;
  readonly currency: string;
}

/** Words and signs that name a currency; anything else in an amount is refused, never dropped. */
const CURRENCIES: readonly [RegExp, string][] = [
  [/^(€|eur|euros?)$/i, 'EUR'],
  [/^(\$|usd|dollars?)$/i, 'USD'],
  [/^(£|gbp)$/i, 'GBP'],
  [/^(btc|bitcoins?)$/i, 'BTC'],
  [/^(eth|ether)$/i, 'ETH'],
  [/^(usdt|tether)$/i, 'USDT'],
];

const SPACES = /[\s\u00a0\u202f]/g;
const HAS_SPACE = /[\s\u00a0\u202f]/;

/**
 * One amount as a family types it: "200", "200 €", "200,50 €", "1 200 €", "€50", "50 euros",
 * "0.01 BTC". Euros unless another currency is named. An answer with two amounts ("200 € demandés,
 * 50 € payés") or with words that are not a currency is refused with the question to ask again:
 * the wizard never keeps part of an answer.
 */
export function parseAmount(answer: string): Parsed<Amount> {
  const text = answer.trim();
  const numbers = text.match(/\d+(?:[\s\u00a0\u202f.,']\d+)*/g) ?? [];
  if (numbers.length === 0) return { ok: false, problem: 'invalid.amount' };
  if (numbers.length > 1) return { ok: false, problem: 'invalid.amount-two' };
  if (/-\s*\d/.test(text)) return { ok: false, problem: 'invalid.amount' };
  const words = text
    .replace(/\d+(?:[\s\u00a0\u202f.,']\d+)*/g, ' ')
    .replace(/([€$£])/g, ' $1 ')
    .split(SPACES)
    .filter((word) => word !== '');
  const currencies = new Set<string>();
  for (const word of words) {
    const currency = CURRENCIES.find(([pattern]) => pattern.test(word))?.[1];
    if (!currency) return { ok: false, problem: 'invalid.amount-words', values: { words: word } };
    currencies.add(currency);
  }
  if (currencies.size > 1) return { ok: false, problem: 'invalid.amount' };
  const amount = readNumber(numbers[0]!);
  if (amount === undefined || !(amount > 0) || amount >= 10_000_000)
    return { ok: false, problem: 'invalid.amount' };
  return { ok: true, value: { amount, currency: [...currencies][0] ?? 'EUR' } };
}

/**
 * "1 200", "1.200,50", "200,50", "200.50", "1,200.50". A comma or a dot before exactly three
 * digits is a thousands separator only when the other one marks the decimals; alone, "1.200"
 * could be either, and is refused.
 */
function readNumber(written: string): number | undefined {
  // Spaces group thousands ("1 200"), never separate two numbers ("200 50").
  if (HAS_SPACE.test(written) && !/^\d{1,3}([\s\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(written))
    return undefined;
  const compact = written.replace(SPACES, '').replace(/'/g, '');
  let normal: string;
  if (/^\d+$/.test(compact)) normal = compact;
  else if (/^\d+[.,]\d{1,2}$/.test(compact) || /^0[.,]\d+$/.test(compact))
    normal = compact.replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+,\d+$/.test(compact))
    normal = compact.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(compact)) normal = compact.replace(/,/g, '');
  else if (/^\d+[.,]\d{4,}$/.test(compact)) normal = compact.replace(',', '.');
  else return undefined;
  const value = Number(normal);
  return Number.isFinite(value) ? value : undefined;
}
