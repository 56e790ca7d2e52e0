import { DateTime } from 'luxon';
import type { CaseFile } from '../../model/case-schema.js';
import { formatExhibitId } from '../../model/exhibit.js';
import type { AuthorIdentifier, Facts, Payment } from '../../model/facts.js';
import type { DossierTexts } from '../pdf/templates.js';
import type { LetterBlock, LetterModel, LetterTemplates } from './letter-model.js';

export interface ComposeLetterInput {
  readonly caseFile: CaseFile;
  readonly fingerprint: string;
  /** The dossier's date (its last evidence action): the PDF's metadata date. */
  readonly asOf: string;
  readonly letter: LetterTemplates;
  /** For the names of exhibit kinds, payment methods and offences. */
  readonly texts: DossierTexts;
}

/**
 * Writes the complaint letter from the facts alone. Pure. A fact the family did not give is a
 * blank ("……") to fill in by hand; nothing is guessed, not even the letter's date and place.
 */
export function composeLetter(input: ComposeLetterInput): LetterModel {
  const { caseFile, letter: l, texts } = input;
  const facts: Facts = caseFile.facts;
  const blank = l.blank;
  const or = (value: string | undefined) => (value?.trim() ? value.trim() : blank);
  const fill = (template: string, values: Readonly<Record<string, string>>) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  const date = (value: string | undefined) =>
    value ? formatDeclared(value, caseFile.timeZone, caseFile.language) : blank;
  const complainant = facts.complainant ?? {};
  const victim = facts.victim ?? {};
  const recipient = facts.recipient?.kind === 'procureur' ? facts.recipient : undefined;
  const blocks: LetterBlock[] = [];

  blocks.push({
    kind: 'lines',
    align: 'left',
    lines: [
      or(complainant.name),
      or(complainant.address),
      or(complainant.phone),
      or(complainant.email),
    ],
  });
  blocks.push({
    kind: 'lines',
    align: 'right',
    lines: [
      l.recipient[0]!,
      recipient?.name?.trim() || l.recipient[1]!,
      ...(recipient?.address?.trim() ? [recipient.address.trim()] : []),
    ],
  });
  blocks.push({ kind: 'lines', align: 'right', lines: [l.placeDate] });
  blocks.push({
    kind: 'lines',
    align: 'left',
    lines: [l.subject, fill(l.subjectEnclosed, { reference: caseFile.reference })],
  });
  blocks.push({ kind: 'paragraph', text: l.greeting });
  const victimName = [victim.firstName, victim.initials && `(${victim.initials})`]
    .filter(Boolean)
    .join(' ');
  const birth = victim.dateOfBirth
    ? fill(l.birthDate, { date: date(victim.dateOfBirth) })
    : victim.ageAtTheTime !== undefined
      ? fill(l.birthAge, { age: String(victim.ageAtTheTime) })
      : fill(l.birthDate, { date: blank });
  blocks.push({
    kind: 'paragraph',
    text: fill(l.intro, {
      name: or(complainant.name),
      link: or(complainant.linkToVictim),
      victim: or(victimName),
      birth,
    }),
  });
  blocks.push({
    kind: 'paragraph',
    text: fill(l.contact, {
      address: or(complainant.address),
      phone: or(complainant.phone),
      email: or(complainant.email),
    }),
  });

  blocks.push({ kind: 'heading', text: l.facts.title });
  const platforms = (facts.platforms ?? [])
    .map((p) => p.name)
    .filter(Boolean)
    .join(', ');
  blocks.push({
    kind: 'paragraph',
    text: fill(l.facts.firstContact, {
      date: date(facts.firstContactDate),
      platforms: or(platforms),
    }),
  });
  if (facts.narrative?.trim()) {
    blocks.push({ kind: 'paragraph', text: l.facts.narrative });
    for (const paragraph of facts.narrative.trim().split(/\n\s*\n/))
      blocks.push({ kind: 'paragraph', text: paragraph.replace(/\s*\n\s*/g, ' '), isQuote: true });
  } else blocks.push({ kind: 'paragraph', text: l.facts.narrativeBlank });
  const threats = facts.threats ?? [];
  if (threats.length === 0) blocks.push({ kind: 'paragraph', text: l.facts.noThreat });
  else
    blocks.push({
      kind: 'bullets',
      items: threats.map((threat) =>
        fill(l.facts.threat, {
          date: date(threat.date),
          description: or(threat.description),
          where: threat.publishedWhere
            ? fill(l.facts.threatWhere, { where: threat.publishedWhere })
            : '',
        }),
      ),
    });

  blocks.push({ kind: 'heading', text: l.author.title });
  const authors = facts.authorIdentifiers ?? [];
  if (authors.length === 0) blocks.push({ kind: 'paragraph', text: l.author.none });
  else {
    blocks.push({ kind: 'paragraph', text: l.author.intro });
    blocks.push({
      kind: 'bullets',
      items: authors.map((author) => {
        const refs = author.exhibits?.length
          ? ` — ${fill(l.author.exhibits, { list: author.exhibits.join(', ') })}`
          : '';
        return `${describeAuthor(author, blank, caseFile.language)}${refs}`;
      }),
    });
  }

  blocks.push({ kind: 'heading', text: l.payments.title });
  const payments = facts.payments ?? [];
  if (payments.length === 0) blocks.push({ kind: 'paragraph', text: l.payments.none });
  else
    blocks.push({
      kind: 'bullets',
      items: payments.map((payment) => describePayment(payment, l, texts, date, blank, fill)),
    });

  blocks.push({ kind: 'heading', text: l.harm.title });
  blocks.push({ kind: 'paragraph', text: l.harm.text });
  blocks.push({ kind: 'heading', text: l.witnesses.title });
  blocks.push({ kind: 'paragraph', text: l.witnesses.text });

  blocks.push({ kind: 'heading', text: l.offences.title });
  blocks.push({ kind: 'paragraph', text: l.offences.intro });
  blocks.push({
    kind: 'bullets',
    items: texts.offences.items.map((offence) => `${offence.article} — ${offence.name}`),
  });
  blocks.push({ kind: 'paragraph', text: l.offences.caveat, isQuote: true });

  blocks.push({ kind: 'heading', text: l.request.title });
  const identifiers = authors.flatMap(realIdentifiers);
  blocks.push({
    kind: 'paragraph',
    text:
      identifiers.length > 0
        ? fill(l.request.againstIdentifier, { identifiers: identifiers.join(', ') })
        : l.request.againstX,
  });
  blocks.push({ kind: 'paragraph', text: l.request.civilParty });
  const hasSensitive = caseFile.exhibits.some((exhibit) => exhibit.isSensitive);
  blocks.push({
    kind: 'paragraph',
    text: hasSensitive
      ? `${l.request.evidence} ${l.request.evidenceSensitive}`
      : l.request.evidence,
  });
  blocks.push({ kind: 'paragraph', text: l.closing });
  blocks.push({ kind: 'space', height: 6 });
  blocks.push({
    kind: 'lines',
    align: 'right',
    lines: [l.placeDate, or(complainant.name), l.signature],
  });
  blocks.push({ kind: 'space', height: 50 });

  blocks.push({ kind: 'heading', text: l.bordereau.title });
  blocks.push({
    kind: 'paragraph',
    text: fill(l.bordereau.intro, {
      reference: caseFile.reference,
      fingerprint: input.fingerprint,
    }),
  });
  blocks.push({
    kind: 'table',
    columns: [
      { title: l.bordereau.number, share: 0.1 },
      { title: l.bordereau.description, share: 0.62 },
      { title: l.bordereau.kind, share: 0.28 },
    ],
    rows: [...caseFile.exhibits]
      .sort((a, b) => a.number - b.number)
      .map((exhibit) => [
        formatExhibitId(exhibit.number),
        exhibit.description?.trim() || l.bordereau.noDescription,
        texts.t(`kinds.${exhibit.isSensitive ? 'sensitive' : exhibit.kind}`),
      ]),
  });

  blocks.push({ kind: 'new-page' });
  blocks.push({ kind: 'heading', text: l.note.title });
  blocks.push({ kind: 'bullets', items: l.note.lines });
  return {
    reference: caseFile.reference,
    language: caseFile.language,
    title: fill(l.title, { reference: caseFile.reference }),
    createdAt: input.asOf,
    blocks,
  };
}

/** "Instagram : @handle (« Léa »), id 123, https://…, +33…": what the family recorded, nothing more. */
function describeAuthor(author: AuthorIdentifier, blank: string, language: 'fr' | 'en'): string {
  const quote = (text: string) => (language === 'fr' ? `« ${text} »` : `“${text}”`);
  const parts = [
    author.handle,
    author.pseudonym && quote(author.pseudonym),
    author.accountId && `id ${author.accountId}`,
    author.profileUrl,
    author.phone,
    author.email,
    ...(author.linkedAccounts ?? []),
  ].filter((part): part is string => Boolean(part));
  const what = parts.join(', ') || blank;
  return author.platform ? `${author.platform}${language === 'fr' ? ' : ' : ': '}${what}` : what;
}

/** The identifiers that name an account (not a display name), for "contre X, utilisateur de …". */
function realIdentifiers(author: AuthorIdentifier): string[] {
  const value =
    author.handle ?? author.phone ?? author.profileUrl ?? author.email ?? author.accountId;
  if (!value) return [];
  return [author.platform ? `${value} (${author.platform})` : value];
}

function describePayment(
  payment: Payment,
  l: LetterTemplates,
  texts: DossierTexts,
  date: (value: string | undefined) => string,
  blank: string,
  fill: (template: string, values: Readonly<Record<string, string>>) => string,
): string {
  const details = (
    [
      ['couponCode', payment.couponCode],
      ['giftCardBrand', payment.giftCardBrand],
      ['iban', payment.iban],
      ['bank', payment.bank],
      ['wallet', payment.wallet],
      ['transactionId', payment.transactionId],
    ] as const
  )
    .filter(([, value]) => value)
    .map(([key, value]) => texts.t(`payments.${key}`, { v: value! }));
  return fill(l.payments.line, {
    date: date(payment.date),
    amount:
      payment.amount !== undefined ? `${payment.amount} ${payment.currency ?? ''}`.trim() : blank,
    status: payment.status ? l.payments[payment.status] : blank,
    method: payment.method ? texts.t(`payments.methods.${payment.method}`) : blank,
    details: details.length > 0 ? ` (${details.join(', ')})` : '',
    exhibits: payment.exhibits?.length ? ` — ${payment.exhibits.join(', ')}` : '',
  });
}

/** A declared date as the family would write it: 20/11/2026 à 21:04, in the case's zone. */
function formatDeclared(value: string, zone: string, language: 'fr' | 'en'): string {
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value);
  const time = hasZone
    ? DateTime.fromISO(value, { setZone: true }).setZone(zone)
    : DateTime.fromISO(value, { zone });
  if (!time.isValid) return value;
  const hasTime = value.includes('T');
  if (language === 'fr') return time.toFormat(hasTime ? "dd/LL/yyyy 'à' HH:mm" : 'dd/LL/yyyy');
  return time.toFormat(hasTime ? 'd LLLL yyyy, HH:mm' : 'd LLLL yyyy', { locale: 'en-GB' });
}
