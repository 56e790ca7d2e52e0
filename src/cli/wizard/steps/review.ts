import { DateTime } from 'luxon';
import { type BuildResult, buildCase } from '../../../app/build.js';
import type { CaseSession } from '../../../case/store.js';
import { readToolVersion } from '../../version.js';
import type { WizardSession } from '../session.js';
import { describeAdded } from './evidence.js';

/** Parts of the wizard the review screen can reopen, with the answer keys each one owns. */
export const SECTIONS = {
  who: ['who.'],
  complainant: ['complainant.'],
  victim: ['victim.'],
  facts: ['facts.'],
  authors: ['author.'],
  demands: ['demand.'],
  steps: ['steps.', 'recipient.'],
  evidence: [],
} as const;
export type SectionName = keyof typeof SECTIONS;

export type ReviewChoice =
  | { kind: 'build' }
  | { kind: 'change'; section: SectionName }
  | { kind: 'later' };

/** Shows what the dossier will say, then asks: build now, change a part, or stop here. */
export async function review(
  session: WizardSession,
  caseSession: CaseSession,
): Promise<ReviewChoice> {
  const { prompter, text, book } = session;
  const caseFile = caseSession.current();
  const value = (key: string) => {
    const answer = book.get(key);
    if (answer === null || answer === undefined || answer === '') return text('review.none');
    return Array.isArray(answer) ? answer.join(', ') : String(answer);
  };
  prompter.say('');
  prompter.say(text('review.title', { reference: caseFile.reference }));
  prompter.say(
    text('review.victim', {
      name: value('victim.firstName'),
      age:
        typeof book.get('victim.age') === 'number'
          ? text('review.age', { age: String(book.get('victim.age')) })
          : text('review.none'),
    }),
  );
  prompter.say(text('review.filled-by', { name: value('who.name') }));
  const firstContact = book.get('facts.firstContact');
  prompter.say(
    text('review.first-contact', {
      date:
        typeof firstContact === 'string'
          ? DateTime.fromISO(firstContact).toFormat(text('format.date'))
          : text('review.none'),
    }),
  );
  const authors: string[] = [];
  for (let index = 0; typeof book.get(`author.${index}.value`) === 'string'; index += 1)
    authors.push(`${book.get(`author.${index}.value`)}`);
  prompter.say(text('review.authors', { list: authors.join(', ') || text('review.none') }));
  const demands: string[] = [];
  for (
    let index = 0;
    ['demanded', 'paid'].includes(String(book.get(`demand.${index}.status`)));
    index += 1
  ) {
    const amount = book.get(`demand.${index}.amount`);
    const currency = book.get(`demand.${index}.currency`) ?? '';
    demands.push(
      text(`review.demand-${book.get(`demand.${index}.status`)}`, {
        amount:
          amount === null || amount === undefined
            ? '?'
            : `${amount} ${currency === 'EUR' ? '€' : currency}`.trim(),
      }),
    );
  }
  const noDemand = book.get('demand.0.status') === 'none' ? text('review.no-demand') : undefined;
  prompter.say(
    text('review.demands', { list: demands.join(', ') || noDemand || text('review.none') }),
  );
  const sensitiveCount = caseFile.exhibits.filter((exhibit) => exhibit.isSensitive).length;
  prompter.say(
    `${text('review.exhibits', { count: caseFile.exhibits.length })}${
      sensitiveCount > 0 ? ` ${text('review.exhibits-sensitive', { count: sensitiveCount })}` : ''
    }`,
  );
  for (const exhibit of caseFile.exhibits) prompter.say(describeAdded(session, exhibit));
  prompter.say('');
  const choice = await prompter.select<string>(text('review.question'), [
    { value: 'build', name: text('review.build') },
    { value: 'change', name: text('review.change') },
    { value: 'later', name: text('review.later') },
  ]);
  if (choice === 'build') return { kind: 'build' };
  if (choice === 'later') return { kind: 'later' };
  const section = await prompter.select<SectionName>(
    text('review.which'),
    (Object.keys(SECTIONS) as SectionName[]).map((name) => ({
      value: name,
      name: text(`section.${name}`),
    })),
  );
  return { kind: 'change', section };
}

/** Builds the PDF and the ZIP, with progress on the terminal. */
export async function build(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
): Promise<BuildResult> {
  session.prompter.say(session.text('build.start'));
  try {
    return await buildCase(caseSession, {
      operator,
      clock: session.clock,
      signal: session.signal,
      toolVersion: readToolVersion(),
      force: true,
      onProgress: (step) => session.progress(describeStep(session, step)),
    });
  } finally {
    session.endProgress();
  }
}

/** The build's steps in the family's words ("checking the case" → "Vérification des pièces…"). */
function describeStep(session: WizardSession, step: string): string {
  try {
    return session.text(`build.step.${step.replace(/\s+/g, '-')}`);
  } catch {
    return `${step}…`;
  }
}

/** Where the files are, and what to do with them: which service, what to bring. */
export function sayNextSteps(session: WizardSession, result: BuildResult): void {
  const { prompter, text, book } = session;
  const age = book.get('victim.age');
  const isMinor = typeof age !== 'number' || age < 18;
  const recipient = String(book.get('recipient.kind') ?? 'unknown');
  prompter.say('');
  prompter.say(text('done.files', { pdf: result.pdfPath, zip: result.zipPath }));
  prompter.say(
    text(
      `done.where.${['commissariat', 'gendarmerie', 'procureur'].includes(recipient) ? recipient : 'unknown'}`,
    ),
  );
  prompter.say(text(isMinor ? 'done.bring-minor' : 'done.bring-adult'));
  const wasPaid = Object.entries(book.progress.answers).some(
    ([key, value]) => /^demand\.\d+\.status$/.test(key) && value === 'paid',
  );
  prompter.say(text('done.online'));
  if (wasPaid) prompter.say(text('done.paid'));
  prompter.say(text('done.help'));
}
