/**
 * An amount as the reader's language writes it: "200,50 €", "1 200 €", "€50", "0,01 BTC".
 * Without a currency, only the number: a currency is never made up. Spaces inside are no-break
 * spaces (U+00A0), which every font the dossier embeds has.
 */
export function formatMoney(
  amount: number,
  currency: string | undefined,
  language: 'fr' | 'en',
): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const digits = Number.isInteger(amount) ? 0 : 2;
  const number = { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 8) };
  const noBreak = (text: string) => text.replace(/\u202f/g, '\u00a0');
  if (!currency) return noBreak(new Intl.NumberFormat(locale, number).format(amount));
  try {
    return noBreak(
      new Intl.NumberFormat(locale, { style: 'currency', currency, ...number }).format(amount),
    );
  } catch {
    // Crypto symbols longer than ISO 4217's three letters (USDT).
    return noBreak(`${new Intl.NumberFormat(locale, number).format(amount)}\u00a0${currency}`);
  }
}
