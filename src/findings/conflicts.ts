import type { Finding } from '../model/findings.js';
import { type DeclaredIdentifier, declaredKeys } from './declared.js';

/** A typed payment or demand, as far as it can be compared with the messages. */
export interface DeclaredPayment {
  readonly amount?: number;
  readonly currency?: string;
  readonly method?: string;
  readonly status?: 'demanded' | 'paid';
}

/** A fact the family typed that the evidence contradicts. Never printed silently. */
export type Conflict =
  | {
      readonly code: 'author-phone-not-in-evidence';
      readonly declared: string;
      readonly evidence: readonly string[];
    }
  | {
      readonly code: 'amount-not-in-evidence';
      readonly declared: string;
      readonly evidence: readonly string[];
    }
  | {
      readonly code: 'method-not-in-evidence';
      readonly declared: string;
      readonly evidence: readonly string[];
    };

const METHOD_WORDS: readonly [string, RegExp][] = [
  ['pcs', /\bpcs\b/i],
  ['transcash', /\btrans\s?cash\b/i],
  ['neosurf', /\bn[ée]osurf\b/i],
  [
    'gift-card',
    /\b(?:paysafe\s?card|steam|apple|itunes|google\s?play|gift\s?cards?|cartes?\s?cadeaux?)\b/i,
  ],
];

/** Payment methods the evidence names: voucher brands, demands that name one, payment identifiers. */
function methodsInEvidence(findings: readonly Finding[]): Set<string> {
  const methods = new Set<string>();
  for (const finding of findings) {
    if (finding.kind === 'voucher' || finding.kind === 'demand') {
      const text = `${finding.detail ?? ''} ${finding.normalized}`;
      for (const [method, words] of METHOD_WORDS) if (words.test(text)) methods.add(method);
    }
    if (finding.kind === 'iban') methods.add('transfer');
    if (finding.kind === 'bitcoin' || finding.kind === 'ethereum' || finding.kind === 'tron')
      methods.add('crypto');
  }
  return methods;
}

/**
 * Typed facts against the evidence: an author number found nowhere while the evidence shows
 * another number; an amount or a payment method the messages never state while they state others.
 */
export function findConflicts(
  declaredIdentifiers: readonly DeclaredIdentifier[],
  declaredPayments: readonly DeclaredPayment[],
  findings: readonly Finding[],
  defaultCountry: string,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const phones = findings.filter((finding) => finding.kind === 'phone');
  for (const declared of declaredIdentifiers) {
    if (!declared.phone) continue;
    const [key] = declaredKeys({ phone: declared.phone }, defaultCountry);
    if (phones.length > 0 && !phones.some((phone) => phone.normalized === key?.normalized))
      conflicts.push({
        code: 'author-phone-not-in-evidence',
        declared: declared.phone,
        evidence: phones.map((phone) => phone.normalized),
      });
  }
  const amounts = findings.filter((finding) => finding.kind === 'amount');
  const methods = methodsInEvidence(findings);
  for (const payment of declaredPayments) {
    if (payment.amount !== undefined && amounts.length > 0) {
      const currency = (payment.currency ?? 'EUR').toUpperCase();
      const typed = `${payment.amount} ${currency}`;
      if (!amounts.some((amount) => amount.normalized === typed))
        conflicts.push({
          code: 'amount-not-in-evidence',
          declared: typed,
          evidence: amounts.map((amount) => amount.normalized),
        });
    }
    if (
      payment.method &&
      payment.method !== 'cash' &&
      payment.method !== 'other' &&
      methods.size > 0
    )
      if (!methods.has(payment.method))
        conflicts.push({
          code: 'method-not-in-evidence',
          declared: payment.method,
          evidence: [...methods],
        });
  }
  return conflicts;
}
