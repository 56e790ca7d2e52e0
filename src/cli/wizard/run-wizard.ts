import { randomBytes as systemRandomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { BuildResult } from '../../app/build.js';
import { importFacts } from '../../app/facts.js';
import { type CaseSummary, listCases } from '../../case/cases-home.js';
import { createCaseReference } from '../../case/reference.js';
import { type CaseSession, initCase, isCaseFolder, loadCase, withCase } from '../../case/store.js';
import type { Clock } from '../../model/clock.js';
import { InterruptedError } from '../../model/errors.js';
import { factsFromAnswers } from './facts-mapping.js';
import { createPrompter, type PrompterStreams } from './prompter.js';
import type { WizardSession } from './session.js';
import { AnswerBook, emptyProgress, readProgress, writeProgress } from './state.js';
import { askEvidence, reopenEvidence } from './steps/evidence.js';
import { askAuthors, askDemands, askFacts, askStepsAndRecipient } from './steps/facts.js';
import { askComplainant, askVictim, askWho } from './steps/people.js';
import { build, review, SECTIONS, sayNextSteps } from './steps/review.js';
import { type Language, loadWizardText, type WizardText } from './text.js';

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
      prompter.say(text('case.resumed', { reference: caseFile.reference, dir: caseDir }));
    }
    await askWho(session, request.operator);
    const operator = String(book.get('who.name'));
    if (!chosen.isExisting) {
      const reference = createCaseReference(
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
          const built = await askEverything(session, caseSession, operator);
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
    if (error instanceof InterruptedError) {
      throw new InterruptedError(
        caseDir
          ? text('interrupted', { command: `preuve wizard ${quoteForShell(caseDir)}` })
          : text('interrupted-nothing-saved'),
      );
    }
    if (caseDir)
      prompter.say(text('resume-hint', { command: `preuve wizard ${quoteForShell(caseDir)}` }));
    throw error;
  }
}

/** The questions, part by part, then the review loop; returns the build when there is one. */
async function askEverything(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
): Promise<BuildResult | undefined> {
  const { book, text } = session;
  const parts: [string, () => Promise<void>][] = [
    ['complainant', () => askComplainant(session)],
    ['victim', () => askVictim(session)],
    ['facts', () => askFacts(session)],
    ['authors', () => askAuthors(session)],
    ['demands', () => askDemands(session)],
    ['steps', () => askStepsAndRecipient(session)],
    ['evidence', () => askEvidence(session, caseSession, operator)],
  ];
  for (;;) {
    for (const [name, ask] of parts) {
      await book.setStage(name);
      if (name !== 'evidence') session.prompter.say(`\n${text(`section.${name}.title`)}`);
      await ask();
      await commitFacts(session, caseSession, name);
    }
    await book.setStage('review');
    const choice = await review(session, caseSession);
    if (choice.kind === 'later') {
      session.prompter.say(
        text('later', { command: `preuve wizard ${quoteForShell(caseSession.caseDir)}` }),
      );
      return undefined;
    }
    if (choice.kind === 'change') {
      if (choice.section === 'evidence') await reopenEvidence(session);
      for (const prefix of SECTIONS[choice.section]) await book.forget(prefix);
      if (choice.section === 'who') await askWho(session);
      continue;
    }
    const result = await build(session, caseSession, operator);
    await book.setStage('built');
    sayNextSteps(session, result);
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
    })),
  ]);
  return choice === '' ? { isExisting: false } : { isExisting: true, caseDir: choice };
}

/** One line per case for the resume list and `preuve cases`. */
export function describeCase(text: WizardText, summary: CaseSummary, zone: string): string {
  const changed = DateTime.fromJSDate(summary.lastChange, { zone }).toFormat('dd/LL/yyyy HH:mm');
  return text('case.line', {
    name: summary.victimName ?? text('case.no-name'),
    reference: summary.reference ?? '?',
    exhibits: summary.exhibitCount,
    state: text(summary.isBuilt ? 'case.built' : 'case.not-built'),
    changed,
  });
}

function quoteForShell(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
