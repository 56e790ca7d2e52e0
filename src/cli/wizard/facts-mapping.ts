import { paymentDetailField } from '../../model/payment.js';
import type { Answer } from './state.js';

/**
 * The one place where the wizard's answers become `case.json` `facts` (the schema of
 * src/model/facts.ts). Adjust here when the schema changes; nothing else reads answer keys this way.
 *
 * `label(key)` gives the words for a code in the case's language (relationship, threats…).
 */
export function factsFromAnswers(
  answers: Readonly<Record<string, Answer>>,
  existing: Readonly<Record<string, unknown>>,
  label: (key: string) => string,
  apps: readonly string[] = [],
): Record<string, unknown> {
  const text = (key: string) => {
    const value = answers[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const number = (key: string) =>
    typeof answers[key] === 'number' ? (answers[key] as number) : undefined;
  const list = (key: string) => (Array.isArray(answers[key]) ? (answers[key] as string[]) : []);
  const facts: Record<string, unknown> = {};

  const age = number('victim.age');
  facts.victim = compact({
    firstName: text('victim.firstName'),
    dateOfBirth: text('victim.dateOfBirth'),
    ageAtTheTime: age,
    isMinor: age === undefined ? undefined : age < 18,
    commune: text('victim.commune'),
    // "Je ne sais pas" and "Passer" leave it out: only a yes or a no is a fact.
    sentImages: yesNo(answers['facts.sentImages']),
  });
  const diffused = yesNo(answers['facts.diffusion']);
  if (diffused !== undefined)
    facts.diffusion = compact({
      happened: diffused,
      where: diffused ? text('facts.diffusionWhere') : undefined,
    });

  // A parent, or someone who skipped the question and answered "you" questions as the family.
  const isParent = answers['who.role'] !== 'support-worker';
  const contact = text('complainant.contact');
  const link = text('complainant.link');
  facts.complainant = compact({
    name: isParent ? text('who.name') : text('complainant.name'),
    linkToVictim: link && link !== 'skip' ? label(`link.${link}`) : undefined,
    ...(contact ? { [/@/.test(contact) ? 'email' : 'phone']: contact } : {}),
  });
  if (answers['who.role'] === 'support-worker') {
    facts.operator = compact({
      name: text('who.name'),
      organisation: text('who.organisation'),
      role: label('role.support-worker'),
    });
  }

  const recipient = text('recipient.kind');
  if (recipient && recipient !== 'unknown' && recipient !== 'skip')
    facts.recipient = { kind: recipient };
  facts.firstContactDate = text('facts.firstContact');
  facts.narrative = text('facts.narrative');
  const threats = list('facts.threats');
  if (threats.length > 0)
    facts.threats = threats.map((code) => ({ description: label(`threat.${code}`) }));

  const identifiers: Record<string, unknown>[] = [];
  const platforms = new Set<string>();
  for (let index = 0; answers[`author.${index}.platform`] !== undefined; index += 1) {
    const platform = text(`author.${index}.platform`);
    const value = text(`author.${index}.value`);
    const field = text(`author.${index}.field`);
    if (!platform || platform === 'none') break;
    const platformName = platform === 'other' ? undefined : label(`platform.${platform}`);
    if (platformName) platforms.add(platformName);
    if (value && field) identifiers.push(compact({ platform: platformName, [field]: value }));
  }
  for (const app of apps) platforms.add(app);
  if (identifiers.length > 0) facts.authorIdentifiers = identifiers;
  if (platforms.size > 0) facts.platforms = [...platforms].map((name) => ({ name }));

  const payments = [...moneyRounds(answers, 'demand'), ...moneyRounds(answers, 'payment')].map(
    (round) => {
      const method = text(`${round}.method`);
      const detail = text(`${round}.detail`);
      return compact({
        date: text(`${round}.date`),
        amount: number(`${round}.amount`),
        currency: text(`${round}.currency`),
        method: method && method !== 'unknown' ? method : undefined,
        // Cases begun before demands and payments were asked apart kept the status per round.
        status: text(`${round}.status`) ?? (round.startsWith('demand.') ? 'demanded' : 'paid'),
        ...(detail && method ? { [paymentDetailField(method)]: detail } : {}),
      });
    },
  );
  if (payments.length > 0) facts.payments = payments;

  const steps = list('steps.taken');
  if (steps.length > 0) facts.stepsTaken = steps.map((kind) => ({ kind }));

  return mergeFacts(existing, facts);
}

function yesNo(answer: Answer | undefined): boolean | undefined {
  return answer === 'yes' ? true : answer === 'no' ? false : undefined;
}

/** The answer-key prefixes of the rounds of money demanded (`demand.0`…) or paid (`payment.0`…). */
function moneyRounds(
  answers: Readonly<Record<string, Answer>>,
  kind: 'demand' | 'payment',
): string[] {
  const rounds: string[] = [];
  for (let index = 0; ; index += 1) {
    const round = `${kind}.${index}`;
    const keys = Object.keys(answers).filter((key) => key.startsWith(`${round}.`));
    if (keys.length === 0) return rounds;
    const legacyStatus = answers[`${round}.status`];
    if (legacyStatus !== undefined && legacyStatus !== 'demanded' && legacyStatus !== 'paid')
      return rounds;
    if (kind === 'demand' && legacyStatus === undefined && answers['money.demanded'] !== 'yes')
      return rounds;
    if (kind === 'payment' && answers['money.paid'] !== 'yes') return rounds;
    rounds.push(round);
  }
}

/** The wizard's facts over those already in the case (imported ones keep their other fields). */
function mergeFacts(
  existing: Readonly<Record<string, unknown>>,
  wizard: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(wizard)) {
    if (value === undefined) continue;
    const before = existing[key];
    if (EVIDENCE_LISTS.has(key) && Array.isArray(value) && Array.isArray(before)) {
      // What the family accepted from the evidence stays: the answers only give the typed ones.
      const fromEvidence = before.filter(
        (entry) => isPlainObject(entry) && entry.source === 'evidence',
      );
      merged[key] = [...fromEvidence, ...value];
    } else if (isPlainObject(value) && isPlainObject(before)) {
      const combined = { ...before, ...value };
      if (Object.keys(combined).length > 0) merged[key] = combined;
    } else if (!isPlainObject(value) || Object.keys(value).length > 0) {
      merged[key] = value;
    }
  }
  return merged;
}

/** The facts lists that `preuve findings accept` (and the wizard's findings screen) add to. */
const EVIDENCE_LISTS = new Set(['authorIdentifiers', 'payments']);

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
