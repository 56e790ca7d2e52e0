import { findingsForDeclared } from '../findings/declared.js';
import type { CaseFile } from '../model/case-schema.js';
import type { AuthorIdentifier, Facts, Payment, SeenIn } from '../model/facts.js';
import type { Finding, FindingKind, Occurrence } from '../model/findings.js';

const IDENTIFIER_KINDS: ReadonlySet<FindingKind> = new Set([
  'phone',
  'email',
  'profile-link',
  'handle',
  'account-id',
]);
const PAYMENT_KINDS: ReadonlySet<FindingKind> = new Set([
  'iban',
  'bic',
  'bitcoin',
  'ethereum',
  'tron',
  'voucher',
]);
const SIGNAL_KINDS: ReadonlySet<FindingKind> = new Set(['demand', 'threat', 'deadline']);

/** Identifiers the other party shows (not only the exporter's own side). */
export function isAuthorSide(finding: Finding): boolean {
  return finding.occurrences.some((occurrence) => !occurrence.isFromExporter);
}

/** The findings `--all-identifiers` takes: every payment means, and the accounts, phones and e-mails the other party shows. */
export function selectAllIdentifiers(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (finding) =>
      // A coupon code the victim sent is still the author's payment means; an account is the author's only if the other party shows it.
      PAYMENT_KINDS.has(finding.kind) ||
      (IDENTIFIER_KINDS.has(finding.kind) && isAuthorSide(finding)),
  );
}

/** The messages `--suggested-highlights` takes: those of the other party with a demand, threat or deadline. */
export function selectSuggestedHighlights(findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (finding) =>
      SIGNAL_KINDS.has(finding.kind) &&
      finding.occurrences.some((o) => o.place.message !== undefined && !o.isFromExporter),
  );
}

function seenInOf(occurrences: readonly Occurrence[]): SeenIn[] {
  const seen = new Map<string, SeenIn>();
  for (const { place } of occurrences) {
    const entry: SeenIn = {
      exhibit: place.exhibit,
      ...(place.message !== undefined ? { message: place.message } : {}),
      ...(place.region ? { isImage: true } : {}),
    };
    seen.set(`${entry.exhibit}#${entry.message ?? ''}#${entry.isImage ?? ''}`, entry);
  }
  return [...seen.values()];
}

function exhibitsOf(occurrences: readonly Occurrence[]): string[] {
  return [...new Set(occurrences.map((o) => o.place.exhibit))].sort(
    (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
  );
}

/** Times go into facts as declared dates: `YYYY-MM-DDTHH:mm:ss` with Z, or the export's wall clock. */
function seenTimes(finding: Finding): Pick<AuthorIdentifier, 'firstSeen' | 'lastSeen'> {
  const clean = (at: string | undefined) => at?.replace(/\.\d+Z$/, 'Z');
  return {
    ...(finding.firstSeen ? { firstSeen: clean(finding.firstSeen) } : {}),
    ...(finding.lastSeen ? { lastSeen: clean(finding.lastSeen) } : {}),
  };
}

function identifierOf(finding: Finding): AuthorIdentifier {
  const where = {
    exhibits: exhibitsOf(finding.occurrences),
    seenIn: seenInOf(finding.occurrences),
    ...seenTimes(finding),
    source: 'evidence' as const,
  };
  switch (finding.kind) {
    case 'phone':
      return { phone: finding.normalized, ...where };
    case 'email':
      return { email: finding.normalized, ...where };
    case 'handle':
      return { handle: finding.normalized, ...where };
    case 'profile-link':
      return {
        profileUrl: finding.normalized,
        ...(finding.detail ? { platform: finding.detail } : {}),
        ...where,
      };
    default:
      return { accountId: finding.normalized, ...where };
  }
}

function paymentOf(finding: Finding, findings: readonly Finding[]): Payment {
  const where = {
    exhibits: exhibitsOf(finding.occurrences),
    seenIn: seenInOf(finding.occurrences),
    source: 'evidence' as const,
  };
  switch (finding.kind) {
    case 'iban':
      return { method: 'transfer', iban: finding.normalized, ...where };
    case 'bic':
      return { method: 'transfer', bank: finding.normalized, ...where };
    case 'bitcoin':
    case 'ethereum':
    case 'tron':
      return {
        method: 'crypto',
        wallet: finding.normalized,
        currency: finding.detail ?? '',
        ...where,
      };
    case 'voucher': {
      const brand = finding.detail;
      // No brand read: the method is left for the family to say, not guessed.
      const method =
        brand === undefined
          ? undefined
          : brand === 'PCS'
            ? 'pcs'
            : brand === 'Transcash'
              ? 'transcash'
              : brand === 'Neosurf'
                ? 'neosurf'
                : 'gift-card';
      return {
        ...(method ? { method } : {}),
        couponCode: finding.normalized,
        ...(method === 'gift-card' && brand ? { giftCardBrand: brand } : {}),
        ...where,
      };
    }
    default: {
      // An amount: demanded when a demand is read in one of the same messages.
      const [amount, currency] = finding.normalized.split(' ');
      const places = new Set(
        finding.occurrences.map((o) => `${o.place.exhibit}#${o.place.message}`),
      );
      const isDemanded = findings.some(
        (other) =>
          other.kind === 'demand' &&
          other.occurrences.some((o) => places.has(`${o.place.exhibit}#${o.place.message}`)),
      );
      return {
        amount: Number(amount),
        currency: currency ?? 'EUR',
        ...(isDemanded ? { status: 'demanded' as const } : {}),
        ...where,
      };
    }
  }
}

export interface AcceptPlan {
  readonly next: CaseFile;
  readonly identifiers: readonly string[];
  readonly payments: readonly string[];
  readonly highlights: readonly string[];
  /** Typed identifiers now linked to the places the evidence shows them. */
  readonly linked: readonly string[];
}

/**
 * Moves the chosen findings into the facts (identifiers, payment means, amounts) and the
 * exhibits' highlights, and links every typed identifier to the places the evidence shows it.
 * Pure: the caller commits the result with its custody entry.
 */
export function planAccept(
  caseFile: CaseFile,
  chosen: readonly Finding[],
  findings: readonly Finding[],
  defaultCountry: string,
): AcceptPlan {
  const facts: Facts = caseFile.facts;
  const linked: string[] = [];
  const typed = (facts.authorIdentifiers ?? []).map((declared) => {
    if (declared.source === 'evidence') return declared;
    const shown = findingsForDeclared(declared, findings, defaultCountry);
    if (shown.length === 0) return declared;
    const occurrences = shown.flatMap((finding) => finding.occurrences);
    const times = occurrences
      .map((o) => o.at)
      .filter((at): at is string => Boolean(at))
      .sort();
    linked.push(
      declared.phone ??
        declared.handle ??
        declared.email ??
        declared.profileUrl ??
        declared.accountId ??
        '',
    );
    return {
      ...declared,
      exhibits: [...new Set([...(declared.exhibits ?? []), ...exhibitsOf(occurrences)])],
      seenIn: seenInOf(occurrences),
      ...(declared.firstSeen || times.length === 0
        ? {}
        : { firstSeen: times[0]?.replace(/\.\d+Z$/, 'Z') }),
      ...(declared.lastSeen || times.length === 0
        ? {}
        : { lastSeen: times[times.length - 1]?.replace(/\.\d+Z$/, 'Z') }),
    };
  });
  const alreadyTyped = new Set(
    typed.flatMap((declared) =>
      findingsForDeclared(declared, findings, defaultCountry).map((finding) => finding.id),
    ),
  );
  const identifiers: string[] = [];
  const added: AuthorIdentifier[] = [];
  const payments: Payment[] = [...(facts.payments ?? [])];
  const paymentIds: string[] = [];
  const highlightIds: string[] = [];
  const highlights = new Map<string, Map<number, string>>();
  for (const finding of chosen) {
    if (IDENTIFIER_KINDS.has(finding.kind)) {
      if (alreadyTyped.has(finding.id)) continue;
      // Replace a previous acceptance of the same identifier (a re-run sees more places).
      const entry = identifierOf(finding);
      const index = typed.findIndex(
        (d) => d.source === 'evidence' && JSON.stringify(keyOf(d)) === JSON.stringify(keyOf(entry)),
      );
      if (index >= 0) typed.splice(index, 1);
      added.push(entry);
      identifiers.push(finding.id);
    } else if (SIGNAL_KINDS.has(finding.kind)) {
      for (const occurrence of finding.occurrences) {
        if (occurrence.place.message === undefined) continue;
        const byMessage = highlights.get(occurrence.place.exhibit) ?? new Map<number, string>();
        const note = byMessage.get(occurrence.place.message);
        byMessage.set(
          occurrence.place.message,
          note ? `${note} … ${occurrence.value}` : occurrence.value,
        );
        highlights.set(occurrence.place.exhibit, byMessage);
      }
      highlightIds.push(finding.id);
    } else {
      const typedIndex = payments.findIndex(
        (p) =>
          p.source !== 'evidence' &&
          paymentMeansKey(p) !== '' &&
          paymentMeansKey(p) === finding.normalized,
      );
      if (typedIndex >= 0) {
        // The family typed this code, IBAN or wallet: link it to where the evidence shows it.
        const typedPayment = payments[typedIndex] as Payment;
        payments[typedIndex] = {
          ...typedPayment,
          exhibits: [
            ...new Set([...(typedPayment.exhibits ?? []), ...exhibitsOf(finding.occurrences)]),
          ],
          seenIn: seenInOf(finding.occurrences),
        };
        linked.push(paymentMeansKey(typedPayment));
        paymentIds.push(finding.id);
        continue;
      }
      const entry = paymentOf(finding, findings);
      const same = payments.findIndex(
        (p) =>
          p.source === 'evidence' &&
          JSON.stringify(paymentKey(p)) === JSON.stringify(paymentKey(entry)),
      );
      if (same >= 0) payments.splice(same, 1);
      payments.push(entry);
      paymentIds.push(finding.id);
    }
  }
  const exhibits = caseFile.exhibits.map((exhibit) => {
    const chosenHere = highlights.get(`P${exhibit.number}`);
    if (!chosenHere) return exhibit;
    const bySeq = new Map((exhibit.highlights ?? []).map((h) => [h.seq, h]));
    for (const [message, note] of chosenHere) {
      // A highlight the family made keeps its own note.
      if (!bySeq.has(message - 1)) bySeq.set(message - 1, { seq: message - 1, note });
    }
    return { ...exhibit, highlights: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
  });
  const nextFacts: Facts = {
    ...facts,
    ...(typed.length + added.length > 0 ? { authorIdentifiers: [...typed, ...added] } : {}),
    ...(payments.length > 0 ? { payments } : {}),
  };
  return {
    next: { ...caseFile, exhibits, facts: nextFacts },
    identifiers,
    payments: paymentIds,
    highlights: highlightIds,
    linked: linked.filter(Boolean),
  };
}

function keyOf(identifier: AuthorIdentifier) {
  return [
    identifier.phone,
    identifier.email,
    identifier.handle,
    identifier.profileUrl,
    identifier.accountId,
  ];
}

function paymentKey(payment: Payment) {
  return [
    payment.iban,
    payment.bank,
    payment.wallet,
    payment.couponCode,
    payment.amount,
    payment.currency,
  ];
}

/** A typed coupon code, IBAN or wallet as the findings normalise it (no spaces, capitals for codes and IBANs). */
function paymentMeansKey(payment: Payment): string {
  const raw = payment.couponCode ?? payment.iban ?? payment.wallet ?? '';
  const compact = raw.replace(/[\s-]/g, '');
  return payment.wallet ? compact : compact.toUpperCase();
}
