import { randomBytes as systemRandomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { BuildResult } from '../../app/build.js';
import {
  createCaseReference,
  initCase,
  isCaseFolder,
  listCases,
  loadCase,
  withCase,
} from '../../app/case-session.js';
import { importFacts } from '../../app/facts.js';
import type { CaseSession } from '../../model/case-session.js';
import type { Clock } from '../../model/clock.js';
import { InterruptedError } from '../../model/errors.js';
import { describeCase } from './describe-case.js';
import { factsFromAnswers } from './facts-mapping.js';
import { createPrompter, type PrompterStreams } from './prompter.js';
import type { WizardSession } from './session.js';
import { AnswerBook, emptyProgress, readProgress, writeProgress } from './state.js';
import { changeExhibit } from './steps/change-exhibit.js';
import { askEvidence, reopenEvidence } from './steps/evidence.js';
import { askAuthors, askFacts, askStepsAndRecipient } from './steps/facts.js';
import { askFindings } from './steps/findings.js';
import { askMoney } from './steps/money.js';
import { askComplainant, askVictim, askWho, operatorName } from './steps/people.js';
import { build, review, SECTIONS, sayNextSteps, sayResumed } from './steps/review.js';
import { type Language, loadWizardText } from './text.js';
import { wrapText } from './wrap.js';

export interface WizardRequest {
  readonly streams: PrompterStreams;
  readonly language: Language;
  readonly clock: Clock;
  /** Where new cases go and where "resume" looks (PREUVE_HOME or ~/preuve-dossiers). */
  readonly casesHome: string;
  /** `preuve wizard <case>` or --case: this case (resumed, or created if the folder is new or empty). */
  readonly caseDir?: string;
  /** --operator / PREUVE_OPERATOR: support-worker mode, the name is not asked. */
  readonly operator?: string;
  readonly timeZone?: string;
  readonly progress?: (line: string) => void;
  readonly endProgress?: () => void;
  /** Tests: reproducible case references. */
  readonly randomBytes?: (size: number) => Uint8Array;
}

export interface WizardOutcome {
  readonly caseDir: string;
  /** Absent when the user stopped at the review screen. */
  readonly built?: BuildResult;
}

/**
 * The guided wizard: safety advice, new case or resume, who fills it in, the facts, the author,
 * the demands, the evidence, review, build, what to do next. Every answer is saved as given;
 * an interruption throws InterruptedError whose message says how to resume.
 */
export async function runWizard(request: WizardRequest): Promise<WizardOutcome> {
  const text = loadWizardText(request.language);
  const prompter = createPrompter(request.streams, text);
  const signal = request.streams.signal ?? new AbortController().signal;
  let caseDir: string | undefined;
  const book = new AnswerBook(emptyProgress(), async (progress) => {
    if (caseDir) await writeProgress(caseDir, progress);
  });
  let zone = request.timeZone ?? 'Europe/Paris';
  let reference: string | undefined;
  const session: WizardSession = {
    prompter,
    text,
    book,
    today: () => DateTime.fromJSDate(request.clock.now(), { zone }),
    clock: request.clock,
    signal,
    progress: request.progress ?? (() => {}),
    endProgress: request.endProgress ?? (() => {}),
  };
  try {
    prompter.say(text('intro'));
    const chosen = await chooseCase(session, request);
    if (chosen.isExisting) {
      caseDir = chosen.caseDir;
      const progress = await readProgress(caseDir);
      Object.assign(book.progress, progress);
      const caseFile = await loadCase(caseDir);
      zone = caseFile.timeZone;
      reference = caseFile.reference;
      prompter.say(text('case.resumed', { reference: caseFile.reference, dir: caseDir }));
      sayResumed(session, caseFile);
    }
    await askWho(session, request.operator);
    const operator = operatorName(session);
    if (!chosen.isExisting) {
      reference = createCaseReference(
        request.clock.now(),
        zone,
        (request.randomBytes ?? systemRandomBytes)(4),
      );
      const dir = chosen.caseDir ?? join(request.casesHome, reference);
      const organisation = book.get('who.organisation');
      await initCase({
        dir,
        operator,
        language: request.language,
        timeZone: zone,
        clock: request.clock,
        reference,
        ...(typeof organisation === 'string' ? { organisation } : {}),
      });
      caseDir = resolve(dir);
      await writeProgress(caseDir, book.progress);
      prompter.say(text('case.created', { dir: caseDir }));
    }
    const dir = caseDir!;
    return await withCase(
      dir,
      { command: 'wizard', operator, clock: request.clock },
      async (caseSession) => {
        try {
          const howToResume = () =>
            describeResume(session, request.casesHome, dir, caseSession.current().reference);
          const built = await askEverything(session, caseSession, operator, howToResume);
          return { caseDir: dir, ...(built ? { built } : {}) };
        } catch (error) {
          // The answers of the part in progress go into case.json too, so the case shows them.
          await commitFacts(session, caseSession, book.progress.stage).catch(() => {});
          throw error;
        }
      },
    );
  } catch (error) {
    session.endProgress();
    const howToResume = caseDir
      ? describeResume(session, request.casesHome, caseDir, reference)
      : undefined;
    if (error instanceof InterruptedError) {
      // main prints this on stderr as it is: break it here, at spaces, to the terminal's width.
      const width = (request.streams.output as { columns?: number }).columns ?? 80;
      throw new InterruptedError(
        wrapText(
          howToResume
            ? `${text('interrupted')}\n${howToResume}`
            : text('interrupted-nothing-saved'),
          width,
        ),
      );
    }
    if (howToResume) prompter.say(`${text('resume-hint')}\n${howToResume}`);
    throw error;
  }
}

/** The questions, part by part, then the review loop; returns the build when there is one. */
async function askEverything(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
  howToResume: () => string,
): Promise<BuildResult | undefined> {
  const { book, text } = session;
  const parts: [string, () => Promise<void>][] = [
    ['complainant', () => askComplainant(session)],
    ['victim', () => askVictim(session)],
    // The evidence comes before the facts: what it shows is not asked again.
    ['evidence', () => askEvidence(session, caseSession, operator)],
    ['findings', () => askFindings(session, caseSession)],
    ['facts', () => askFacts(session, caseSession)],
    ['authors', () => askAuthors(session, caseSession)],
    ['demands', () => askMoney(session, caseSession)],
    ['steps', () => askStepsAndRecipient(session)],
  ];
  for (;;) {
    for (const [name, ask] of parts) {
      await book.setStage(name);
      // The evidence part's first screen has its own title; on a return, the heading says where we are.
      const isFirstEvidence = name === 'evidence' && caseSession.current().exhibits.length === 0;
      const hasOwnTitle = isFirstEvidence || name === 'findings';
      session.prompter.heading(hasOwnTitle ? undefined : `\n${text(`section.${name}.title`)}`);
      await ask();
      await commitFacts(session, caseSession, name);
    }
    await book.setStage('review');
    const choice = await review(session, caseSession);
    if (choice.kind === 'later') {
      session.prompter.say(`${text('later')}\n${howToResume()}`);
      return undefined;
    }
    if (choice.kind === 'exhibit') {
      await changeExhibit(session, caseSession, operator, choice.change);
      continue;
    }
    if (choice.kind === 'change') {
      if (choice.section === 'evidence') {
        await reopenEvidence(session);
        // New evidence, new findings: the screen comes again.
        await book.forget('findings.');
      }
      for (const prefix of SECTIONS[choice.section]) await book.forget(prefix);
      // Reopened on purpose: the accounts and the demand are asked even when the evidence gave some.
      if (choice.section === 'authors') await book.set('author.evidence', 'ask');
      if (choice.section === 'demands') await book.set('money.evidence', 'ask');
      if (choice.section === 'who') await askWho(session);
      continue;
    }
    const result = await build(session, caseSession, operator);
    await book.setStage('built');
    sayNextSteps(session, result, caseSession.current());
    return result;
  }
}

/** Saves the facts in case.json when the answers changed them, with one custody line per part. */
async function commitFacts(
  session: WizardSession,
  caseSession: CaseSession,
  part: string,
): Promise<void> {
  const current = caseSession.current();
  const caseText = loadWizardText(current.language);
  const apps = [
    ...new Set(
      current.exhibits.flatMap((exhibit) =>
        exhibit.conversation && exhibit.app ? [exhibit.app] : [],
      ),
    ),
  ];
  const before = current.facts as Readonly<Record<string, unknown>>;
  const facts = factsFromAnswers(session.book.progress.answers, before, caseText, apps);
  await importFacts(caseSession, { facts, source: { kind: 'wizard', part } });
}

async function chooseCase(
  session: WizardSession,
  request: WizardRequest,
): Promise<{ isExisting: true; caseDir: string } | { isExisting: false; caseDir?: string }> {
  if (request.caseDir) {
    const dir = resolve(request.caseDir);
    return (await isCaseFolder(dir))
      ? { isExisting: true, caseDir: dir }
      : { isExisting: false, caseDir: dir };
  }
  const cases = (await listCases(request.casesHome)).filter((summary) => !summary.problem);
  if (cases.length === 0) return { isExisting: false };
  const choice = await session.prompter.select<string>(session.text('case.choose'), [
    { value: '', name: session.text('case.new') },
    ...cases.map((summary) => ({
      value: summary.caseDir,
      name: describeCase(session.text, summary, request.timeZone ?? 'Europe/Paris'),
      short: `${summary.victimName ?? session.text('case.no-name')} — ${summary.reference ?? '?'}`,
    })),
  ]);
  return choice === '' ? { isExisting: false } : { isExisting: true, caseDir: choice };
}

export { describeCase } from './describe-case.js';

/**
 * How to pick the case up again, in a parent's words: "relancez preuve et choisissez le dossier de
 * Léa" when the case is in the list preuve shows, and the command for those who type it.
 */
function describeResume(
  session: WizardSession,
  casesHome: string,
  caseDir: string,
  reference: string | undefined,
): string {
  const { text, book } = session;
  const command = `preuve wizard ${quoteForShell(caseDir)}`;
  const isListed = resolve(casesHome) === resolve(caseDir, '..');
  if (!isListed) return text('resume.command', { command });
  const name = book.get('victim.firstName');
  const which =
    typeof name === 'string' && name.trim() !== ''
      ? text('resume.case-of', { name: name.trim(), reference: reference ?? '' })
      : text('resume.case', { reference: reference ?? '' });
  return text('resume.choose', { which, command });
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
