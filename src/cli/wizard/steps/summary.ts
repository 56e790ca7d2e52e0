import { DateTime } from 'luxon';
import type { CaseFile } from '../../../model/case-schema.js';
import type { WizardSession } from '../session.js';
import { formatAmount } from '../text.js';
import { describeAdded } from './evidence.js';

/**
 * What the case holds so far, in the family's words: the child, who prepared it, the first
 * contact, the author's accounts, money demanded and money paid (apart), and every exhibit.
 * The review screen and the resume screen both show it.
 */
export function saySummary(session: WizardSession, caseFile: CaseFile): void {
  const { prompter, text, book } = session;
  const value = (key: string) => {
    const answer = book.get(key);
    if (answer === null || answer === undefined || answer === '') return text('review.none');
    return Array.isArray(answer) ? answer.join(', ') : String(answer);
  };
  const age = book.get('victim.age');
  prompter.say(
    text('review.victim', {
      name: value('victim.firstName'),
      age: typeof age === 'number' ? text('review.age', { age }) : text('review.none'),
    }),
  );
  const victim = caseFile.facts.victim;
  const diffusion = caseFile.facts.diffusion;
  prompter.say(
    text('review.victim-more', {
      commune: victim?.commune ?? text('review.none'),
      sent: yesNoWords(session, victim?.sentImages),
      diffused:
        diffusion?.happened === true && diffusion.where
          ? `${text('common.yes')} (${diffusion.where})`
          : yesNoWords(session, diffusion?.happened),
    }),
  );
  prompter.say(text('review.filled-by', { name: value('who.name') }));
  const firstContact = book.get('facts.firstContact');
  prompter.say(
    text('review.first-contact', {
      date:
        typeof firstContact === 'string'
          ? DateTime.fromISO(firstContact).setLocale(text.language).toFormat(text('format.date'))
          : text('review.none'),
    }),
  );
  const authors: string[] = (caseFile.facts.authorIdentifiers ?? [])
    .filter((identifier) => identifier.source === 'evidence')
    .map((identifier) =>
      text('review.read-in', {
        value:
          identifier.phone ??
          identifier.handle ??
          identifier.email ??
          identifier.profileUrl ??
          identifier.accountId ??
          '',
        exhibits: (identifier.exhibits ?? []).join(', '),
      }),
    );
  for (let index = 0; book.has(`author.${index}.platform`); index += 1) {
    const author = book.get(`author.${index}.value`);
    if (typeof author === 'string') authors.push(author);
  }
  prompter.say(text('review.authors', { list: authors.join(', ') || text('review.none') }));
  const typedDemands = describeMoney(session, 'demand', 'money.demanded');
  const readDemands = describeEvidenceMoney(session, caseFile);
  prompter.say(
    text('review.demanded', {
      // Read in the evidence and kept, and typed when the part was reopened: both are shown.
      list:
        book.get('money.demanded') === 'evidence'
          ? readDemands || text('review.none')
          : readDemands && book.get('money.demanded') === 'yes'
            ? `${readDemands} ; ${typedDemands}`
            : typedDemands,
    }),
  );
  prompter.say(text('review.paid', { list: describeMoney(session, 'payment', 'money.paid') }));
  const sensitiveCount = caseFile.exhibits.filter((exhibit) => exhibit.isSensitive).length;
  prompter.say(
    `${text('review.exhibits', { count: caseFile.exhibits.length })}${
      sensitiveCount > 0 ? ` ${text('review.exhibits-sensitive', { count: sensitiveCount })}` : ''
    }`,
  );
  for (const exhibit of caseFile.exhibits) prompter.say(describeAdded(session, exhibit));
}

function yesNoWords(session: WizardSession, value: boolean | undefined): string {
  return value === true
    ? session.text('common.yes')
    : value === false
      ? session.text('common.no')
      : session.text('review.none');
}

/** Amounts demanded read in the evidence and kept: "200 € (lu dans P4)". */
function describeEvidenceMoney(session: WizardSession, caseFile: CaseFile): string {
  return (caseFile.facts.payments ?? [])
    .filter((payment) => payment.source === 'evidence' && payment.status === 'demanded')
    .map((payment) =>
      session.text('review.read-in', {
        value: formatAmount(payment.amount ?? 0, payment.currency ?? 'EUR', session.text.language),
        exhibits: (payment.exhibits ?? []).join(', '),
      }),
    )
    .join(' ; ');
}

/** "200 € (coupon PCS, le 12/03/2026), 50 €", "aucune", or "non renseigné". */
function describeMoney(
  session: WizardSession,
  kind: 'demand' | 'payment',
  questionKey: string,
): string {
  const { book, text } = session;
  if (book.get(questionKey) === 'no') return text(`review.no-${kind}`);
  const rounds: string[] = [];
  for (let index = 0; book.has(`${kind}.${index}.amount`); index += 1) {
    const key = `${kind}.${index}`;
    const amount = book.get(`${key}.amount`);
    const currency = book.get(`${key}.currency`);
    const method = book.get(`${key}.method`);
    const date = book.get(`${key}.date`);
    const details = [
      typeof method === 'string' ? text(`method.${method}`) : undefined,
      typeof date === 'string'
        ? text('review.on-date', {
            date: DateTime.fromISO(date).setLocale(text.language).toFormat(text('format.date')),
          })
        : undefined,
    ].filter(Boolean);
    const shown =
      typeof amount === 'number'
        ? formatAmount(amount, typeof currency === 'string' ? currency : 'EUR', text.language)
        : text('review.amount-unknown');
    rounds.push(details.length > 0 ? `${shown} (${details.join(', ')})` : shown);
  }
  return rounds.join(' ; ') || text('review.none');
}

/** The resume screen: what is saved already, and where the family stopped. */
export function sayResumed(session: WizardSession, caseFile: CaseFile): void {
  const { prompter, text, book } = session;
  prompter.say('');
  prompter.say(text('resume.saved'));
  saySummary(session, caseFile);
  prompter.say(text('resume.stopped-at', { section: text(`section.${book.progress.stage}`) }));
}
