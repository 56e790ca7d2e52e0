import type { CaseFile } from '../model/case-schema.js';
import { formatExhibitId } from '../model/exhibit.js';
import type { Facts } from '../model/facts.js';
import type { EvidenceFinding } from '../model/finding.js';
import { type AppId, detectApp } from './apps.js';

/**
 * Stable codes of what a case can lack, by what investigators ask for (FRANCE.md, "What
 * investigators ask for"). Scripts read these codes (`preuve check --json`): never rename one.
 */
export type GapCode =
  | 'author.profile'
  | 'author.identifier'
  | 'payment.receipt'
  | 'payment.coupon-code'
  | 'conversation.whole'
  | 'screenshot.date'
  | 'victim.account'
  | 'representative.details';

/** `essential`: investigators ask for it first; `useful`: it strengthens the case. */
export type GapLevel = 'essential' | 'useful';

export interface Gap {
  readonly code: GapCode;
  readonly level: GapLevel;
  /** The app the advice is about, when one is known (chooses the "how to get it" text). */
  readonly app?: AppId;
  /** The platform's name as the family wrote it. */
  readonly platform?: string;
  /** Exhibits concerned (`P3`). */
  readonly exhibits?: readonly string[];
  /** 1-based number of the payment in the facts, for payment gaps. */
  readonly payment?: number;
  /** Missing fields, for the representative's details. */
  readonly missing?: readonly string[];
}

export interface GapInput {
  readonly caseFile: CaseFile;
  /** Findings read from the evidence, when that step exists; none until then. */
  readonly findings?: readonly EvidenceFinding[];
}

const PROFILE_WORDS = /\bprofil|\bprofile|\bcompte\b|\baccount\b|\bbio\b/i;
const COUPONS = new Set(['pcs', 'transcash', 'neosurf', 'gift-card']);
/** Times that say when a screenshot was taken, not when the file was copied. */
const CAPTURE_TIME_SOURCES = new Set(['exif', 'file-name', 'declared']);

/**
 * What the case lacks, in a fixed order (author, payments, conversation, screenshots, platforms,
 * representative). Pure: the case and the findings in, the gaps out.
 */
export function listGaps(input: GapInput): Gap[] {
  const { caseFile } = input;
  const findings = input.findings ?? [];
  const facts: Facts = caseFile.facts;
  const exhibits = caseFile.exhibits;
  const images = exhibits.filter((exhibit) => exhibit.kind === 'image' && !exhibit.isSensitive);
  const imageIds = new Set(images.map((exhibit) => formatExhibitId(exhibit.number)));
  const authors = facts.authorIdentifiers ?? [];
  const mainApp = detectApp(
    authors[0]?.platform ?? facts.platforms?.[0]?.name ?? exhibits.find((e) => e.app)?.app,
  );
  const gaps: Gap[] = [];
  const withApp = (gap: Gap, app: AppId | undefined): Gap => (app ? { ...gap, app } : gap);

  const isProfileShown =
    authors.some((author) => (author.exhibits ?? []).some((id) => imageIds.has(id))) ||
    images.some((exhibit) => PROFILE_WORDS.test(exhibit.description ?? '')) ||
    findings.some((finding) => finding.kind === 'handle' || finding.kind === 'profile-url');
  if (!isProfileShown) gaps.push(withApp({ code: 'author.profile', level: 'essential' }, mainApp));

  const hasRealIdentifier =
    authors.some((a) => a.handle || a.accountId || a.profileUrl || a.phone || a.email) ||
    findings.some((finding) =>
      ['phone', 'email', 'handle', 'profile-url'].includes(finding.kind),
    ) ||
    exhibits.some((exhibit) => (exhibit.conversation?.participants ?? []).some(isRealIdentifier));
  if (!hasRealIdentifier)
    gaps.push(withApp({ code: 'author.identifier', level: 'essential' }, mainApp));

  gaps.push(...listPaymentGaps(facts, exhibits.length > 0, findings));

  const hasConversation = exhibits.some((exhibit) => exhibit.kind === 'conversation');
  if (!hasConversation)
    gaps.push(withApp({ code: 'conversation.whole', level: 'essential' }, mainApp));

  const undated = images.filter(
    (exhibit) =>
      !exhibit.times.some((time) => CAPTURE_TIME_SOURCES.has(time.source)) &&
      !findings.some((f) => f.kind === 'date' && f.exhibitNumber === exhibit.number),
  );
  if (undated.length > 0) {
    gaps.push({
      code: 'screenshot.date',
      level: 'useful',
      exhibits: undated.map((exhibit) => formatExhibitId(exhibit.number)),
    });
  }

  for (const platform of victimPlatforms(caseFile)) {
    gaps.push(
      withApp(
        { code: 'victim.account', level: 'useful', platform: platform.name },
        detectApp(platform.name),
      ),
    );
  }

  const complainant = facts.complainant ?? {};
  const missing = [
    complainant.name ? undefined : 'name',
    complainant.linkToVictim ? undefined : 'linkToVictim',
    complainant.phone || complainant.email || complainant.address ? undefined : 'contact',
  ].filter((field): field is string => field !== undefined);
  if (missing.length > 0)
    gaps.push({ code: 'representative.details', level: 'essential', missing });
  return gaps;
}

/** A phone number, an e-mail address or an @handle: not a name saved in the contacts. */
function isRealIdentifier(participant: string): boolean {
  return (
    /^\+?[\d\s().-]{8,}$/.test(participant.trim()) ||
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(participant.trim()) ||
    /^@[\w.]{2,}$/.test(participant.trim())
  );
}

function listPaymentGaps(
  facts: Facts,
  hasEvidence: boolean,
  findings: readonly EvidenceFinding[],
): Gap[] {
  const payments = facts.payments ?? [];
  // Nothing said about money yet: remind that a receipt is asked for, if money was sent.
  if (payments.length === 0)
    return hasEvidence ? [{ code: 'payment.receipt', level: 'useful' }] : [];
  const gaps: Gap[] = [];
  // Numbered among the payments made: a demand is not a payment to the family ("paiement n° 1").
  const paid = payments.filter((payment) => payment.status === 'paid');
  paid.forEach((payment, index) => {
    const method = payment.method ?? 'other';
    if ((payment.exhibits ?? []).length === 0)
      gaps.push({ code: 'payment.receipt', level: 'essential', payment: index + 1 });
    const isCodeRead = findings.some((finding) => finding.kind === 'coupon-code');
    if (COUPONS.has(method) && !payment.couponCode && !isCodeRead)
      gaps.push({ code: 'payment.coupon-code', level: 'essential', payment: index + 1 });
  });
  return gaps;
}

/** Platforms the case names (facts, exhibits' apps, chat formats) where the child's account is not given. */
function victimPlatforms(caseFile: CaseFile): { name: string }[] {
  const declared = caseFile.facts.platforms ?? [];
  const known = new Map<string, { name: string; hasAccount: boolean }>();
  const note = (name: string | undefined, hasAccount: boolean) => {
    const app = detectApp(name);
    if (!name || app === 'email' || app === 'sms') return;
    const key = app ?? name.trim().toLowerCase();
    const entry = known.get(key);
    if (!entry) known.set(key, { name: name.trim(), hasAccount });
    else if (hasAccount) entry.hasAccount = true;
  };
  for (const platform of declared) note(platform.name, Boolean(platform.victimAccount));
  for (const exhibit of caseFile.exhibits) {
    note(exhibit.app, false);
    note(exhibit.conversation?.format, false);
  }
  return [...known.values()].filter((entry) => !entry.hasAccount).map(({ name }) => ({ name }));
}
