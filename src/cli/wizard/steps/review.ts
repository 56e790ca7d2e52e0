import { type BuildResult, buildCase } from '../../../app/build.js';
import { type CheckResult, describeGaps } from '../../../app/check.js';
import { readAndStore } from '../../../app/findings.js';
import type { CaseFile } from '../../../model/case-schema.js';
import type { CaseSession } from '../../../model/case-session.js';
import { loadTakedownAdvice, needsTakedownAdvice, takedownLines } from '../../../model/takedown.js';
import { readToolVersion } from '../../version.js';
import type { WizardSession } from '../session.js';
import type { ExhibitChange } from './change-exhibit.js';
import { saySummary } from './summary.js';

export { sayResumed } from './summary.js';

/** Parts of the wizard the review screen can reopen, with the answer keys each one owns. */
export const SECTIONS = {
  who: ['who.'],
  complainant: ['complainant.'],
  victim: ['victim.'],
  facts: ['facts.'],
  authors: ['author.'],
  demands: ['money.', 'demand.', 'payment.'],
  steps: ['steps.', 'recipient.'],
  evidence: [],
} as const;
export type SectionName = keyof typeof SECTIONS;

export type ReviewChoice =
  | { kind: 'build' }
  | { kind: 'change'; section: SectionName }
  | { kind: 'exhibit'; change: ExhibitChange }
  | { kind: 'later' };

/** Shows what the dossier will say, then asks: build now, change a part, or stop here. */
export async function review(
  session: WizardSession,
  caseSession: CaseSession,
): Promise<ReviewChoice> {
  const { prompter, text } = session;
  const caseFile = caseSession.current();
  prompter.say('');
  prompter.say(text('review.title', { reference: caseFile.reference }));
  saySummary(session, caseFile);
  if (caseFile.exhibits.length > 0) await sayConflicts(session, caseSession);
  sayGaps(session, describeGaps(caseFile, { language: text.language }));
  prompter.say('');
  const choice = await prompter.select<string>(text('review.question'), [
    { value: 'build', name: text('review.build') },
    { value: 'change', name: text('review.change') },
    { value: 'later', name: text('review.later') },
  ]);
  if (choice === 'build') return { kind: 'build' };
  if (choice === 'later') return { kind: 'later' };
  const section = await prompter.select<SectionName | ExhibitChange>(text('review.which'), [
    ...(Object.keys(SECTIONS) as SectionName[]).map((name) => ({
      value: name,
      name: text(`section.${name}`),
    })),
    ...(caseFile.exhibits.length > 0
      ? [
          { value: 'withdraw' as const, name: text('section.withdraw') },
          { value: 'mark' as const, name: text('section.mark') },
        ]
      : []),
  ]);
  if (section === 'withdraw' || section === 'mark') return { kind: 'exhibit', change: section };
  return { kind: 'change', section };
}

/**
 * Typed facts the evidence contradicts (`preuve findings` says the same): an author number found
 * nowhere while another is, an amount or a means of payment the messages do not state.
 */
async function sayConflicts(session: WizardSession, caseSession: CaseSession): Promise<void> {
  const { text, prompter } = session;
  // The text of images is already read (findings screen): nothing is read again here.
  const { conflicts } = await readAndStore(caseSession, { ocr: false });
  if (conflicts.length === 0) return;
  prompter.say('');
  prompter.say(text('review.conflicts'));
  for (const conflict of conflicts) {
    const words = (value: string) =>
      conflict.code === 'method-not-in-evidence' ? text(`method.${value}`) : value;
    prompter.say(
      `  ${text(`review.conflict.${conflict.code}`, {
        declared: words(conflict.declared),
        evidence: conflict.evidence.map(words).join(', '),
      })}`,
    );
  }
  prompter.say(`      ${text('review.conflicts-advice')}`);
}

/** What the case still lacks, as `preuve check` says it: the family can add it before building. */
function sayGaps(session: WizardSession, gaps: CheckResult): void {
  session.prompter.say('');
  session.prompter.say(gaps.title);
  if (gaps.essentialCount === 0) session.prompter.say(`  ${gaps.noneEssential}`);
  for (const gap of gaps.gaps) {
    session.prompter.say(`  ${gap.line}`);
    session.prompter.say(`      ${gap.advice}`);
  }
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
export function sayNextSteps(
  session: WizardSession,
  result: BuildResult,
  caseFile?: CaseFile,
): void {
  const { prompter, text, book } = session;
  const age = book.get('victim.age');
  const isMinor = typeof age !== 'number' || age < 18;
  const recipient = String(book.get('recipient.kind') ?? 'unknown');
  prompter.say('');
  prompter.say(text('done.files', { pdf: result.pdfPath ?? result.zipPath, zip: result.zipPath }));
  prompter.say(
    text(
      `done.where.${['commissariat', 'gendarmerie', 'procureur'].includes(recipient) ? recipient : 'unknown'}`,
    ),
  );
  if (result.letterPath) prompter.say(text('done.letter', { path: result.letterPath }));
  prompter.say(text(isMinor ? 'done.bring-minor' : 'done.bring-adult'));
  const wasPaid =
    book.get('money.paid') === 'yes' ||
    Object.entries(book.progress.answers).some(
      ([key, value]) => /^demand\.\d+\.status$/.test(key) && value === 'paid',
    );
  prompter.say(text('done.online'));
  if (wasPaid) prompter.say(text('done.paid'));
  if (caseFile && needsTakedownAdvice(caseFile)) {
    prompter.say('');
    for (const line of takedownLines(loadTakedownAdvice(text.language))) prompter.say(line);
    prompter.say('');
  }
  prompter.say(text('done.help'));
}
