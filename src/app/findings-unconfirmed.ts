import { findingsForDeclared } from '../findings/declared.js';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';
import type { Facts, Payment } from '../model/facts.js';
import type { Finding } from '../model/findings.js';

/** A coupon code, IBAN or wallet as findings normalise it (as `preuve findings accept` compares them). */
function paymentMeansKey(payment: Payment): string {
  const raw = payment.couponCode ?? payment.iban ?? payment.wallet ?? '';
  const compact = raw.replace(/[\s-]/g, '');
  return payment.wallet ? compact : compact.toUpperCase();
}

/** Whether the facts (typed or accepted) or the highlights already hold what this finding shows. */
function isConfirmed(
  finding: Finding,
  facts: Facts,
  highlighted: ReadonlySet<string>,
  defaultCountry: string,
): boolean {
  const payments = facts.payments ?? [];
  switch (finding.kind) {
    case 'phone':
    case 'email':
    case 'profile-link':
    case 'handle':
    case 'account-id':
      return (facts.authorIdentifiers ?? []).some(
        (declared) => findingsForDeclared(declared, [finding], defaultCountry).length > 0,
      );
    case 'bic':
      return payments.some((p) => p.bank?.trim().toUpperCase() === finding.normalized);
    case 'amount':
      return payments.some(
        (p) =>
          p.amount !== undefined && `${p.amount} ${p.currency ?? 'EUR'}` === finding.normalized,
      );
    case 'demand':
    case 'threat':
    case 'deadline':
      // Kept as key messages: every message it was read in is highlighted (an image never is).
      return finding.occurrences.every(
        (o) =>
          o.place.message !== undefined && highlighted.has(`${o.place.exhibit}#${o.place.message}`),
      );
    default:
      return payments.some(
        (p) => paymentMeansKey(p) !== '' && paymentMeansKey(p) === finding.normalized,
      );
  }
}

/**
 * The findings the family did not accept, for the dossier's annex of unconfirmed elements: never
 * one read in a sensitive, withdrawn or description-only exhibit (those places are dropped, and a
 * finding left with none is dropped), never one the facts or highlights already hold.
 */
export function selectUnconfirmedFindings(
  findings: readonly Finding[],
  facts: Facts,
  exhibits: readonly Exhibit[],
  defaultCountry: string,
): Finding[] {
  const readable = new Set(
    exhibits
      .filter((e) => !e.isSensitive && !e.withdrawn && !e.isDescriptionOnly)
      .map((e) => formatExhibitId(e.number)),
  );
  const highlighted = new Set(
    exhibits.flatMap((e) =>
      (e.highlights ?? []).map((h) => `${formatExhibitId(e.number)}#${h.seq + 1}`),
    ),
  );
  const unconfirmed: Finding[] = [];
  for (const finding of findings) {
    const occurrences = finding.occurrences.filter((o) => readable.has(o.place.exhibit));
    if (occurrences.length === 0) continue;
    const kept = { ...finding, occurrences };
    if (!isConfirmed(kept, facts, highlighted, defaultCountry)) unconfirmed.push(kept);
  }
  return unconfirmed;
}
