import type { DateTime } from 'luxon';
import type { Clock } from '../../model/clock.js';
import { type Parsed, parseDeclaredDate } from './parse-answers.js';
import type { Choice, Prompter } from './prompter.js';
import type { Answer, AnswerBook } from './state.js';
import type { WizardText } from './text.js';

/** Everything a part of the wizard needs: the terminal, the words, the saved answers, the date. */
export interface WizardSession {
  readonly prompter: Prompter;
  readonly text: WizardText;
  readonly book: AnswerBook;
  /** Today in the case's time zone (from the injected clock). */
  readonly today: () => DateTime;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Progress line on stderr when it is a terminal; a no-op otherwise. */
  readonly progress: (line: string) => void;
  readonly endProgress: () => void;
}

/** A date question's parser, in the wizard's language (English asks when 03/12 could be either). */
export function dateParser(session: WizardSession): (raw: string) => Parsed<string> {
  return (raw) => parseDeclaredDate(raw, session.today(), session.text.language);
}

/** Prints the "why the police ask" line of a question, when it has one. */
export function explain(session: WizardSession, whyKey?: string): void {
  if (whyKey) session.prompter.say(`  ${session.text(whyKey)}`);
}

/**
 * A free-text question saved under `key`. Empty means "skip" (saved as null) when `isSkippable`.
 * `parse` turns the text into what is saved, or names the template of the message to re-ask with.
 */
export async function askText<T extends Answer = string>(
  session: WizardSession,
  key: string,
  options: {
    readonly message: string;
    readonly why?: string;
    readonly isSkippable?: boolean;
    /** Skippable, but the question already says how ("Enter when you are done"). */
    readonly isHintless?: boolean;
    readonly default?: string;
    /** Shown once answered with nothing, when Enter means "done" rather than "skip". */
    readonly emptyKey?: string;
    readonly parse?: (answer: string) => Parsed<T>;
  },
): Promise<T | null> {
  const { text, prompter, book } = session;
  if (book.has(key)) return book.get(key) as T | null;
  explain(session, options.why);
  const answer = await prompter.text(text(options.message), {
    ...(options.default !== undefined ? { default: options.default } : {}),
    ...(options.isSkippable && !options.isHintless ? { hint: text('common.skip-hint') } : {}),
    ...(options.emptyKey ? { emptyLabel: text(options.emptyKey) } : {}),
    validate: (raw) => {
      if (raw === '') return options.isSkippable ? undefined : text('invalid.empty');
      if (!options.parse) return undefined;
      const parsed = options.parse(raw);
      return parsed.ok ? undefined : text(parsed.problem, { answer: raw, ...parsed.values });
    },
  });
  let value: T | null;
  if (answer === '') value = null;
  else if (options.parse) {
    const parsed = options.parse(answer);
    value = parsed.ok ? parsed.value : null;
  } else value = answer as T;
  await book.set(key, value);
  return value;
}

/**
 * A choice among codes, each named by the template `${prefix}.${code}`. The first choice, and the
 * one Enter takes, is "Passer" (`skipKey`): a fact is recorded only when the family picks it.
 * Skipped is saved as null.
 */
export async function askChoice(
  session: WizardSession,
  key: string,
  options: {
    readonly message: string;
    readonly why?: string;
    readonly codes: readonly string[];
    readonly prefix: string;
    /** The words of the "skip" choice (common.skip-choice by default). */
    readonly skipKey?: string;
  },
): Promise<string | null> {
  const { book } = session;
  if (book.has(key)) return book.get(key) as string | null;
  explain(session, options.why);
  const choice = await session.prompter.select<string>(
    session.text(options.message),
    [
      { value: SKIP, name: session.text(options.skipKey ?? 'common.skip-choice') },
      ...codeChoices(session, options.codes, options.prefix),
    ],
    SKIP,
  );
  const answer = choice === SKIP ? null : choice;
  await book.set(key, answer);
  return answer;
}

/** The value of the "skip" choice: never a code. */
const SKIP = '\u0000skip';

/** Several codes ticked; none is a valid answer. */
export async function askChecks(
  session: WizardSession,
  key: string,
  options: {
    readonly message: string;
    readonly why?: string;
    readonly codes: readonly string[];
    readonly prefix: string;
    /** What the answer shows when nothing is ticked ("aucune", "rien"): agreement is the template's. */
    readonly noneKey?: string;
  },
): Promise<readonly string[]> {
  const { book } = session;
  if (book.has(key)) return book.get(key) as readonly string[];
  explain(session, options.why);
  return book.ask(key, () =>
    session.prompter.checkbox(
      session.text(options.message),
      codeChoices(session, options.codes, options.prefix),
      session.text('common.checks-hint'),
      options.noneKey ? session.text(options.noneKey) : undefined,
    ),
  );
}

export async function askYesNo(
  session: WizardSession,
  key: string,
  message: string,
  defaultValue?: boolean,
): Promise<boolean> {
  return session.book.ask(key, () => session.prompter.yesNo(message, defaultValue));
}

function codeChoices(
  session: WizardSession,
  codes: readonly string[],
  prefix: string,
): Choice<string>[] {
  return codes.map((code) => ({ value: code, name: session.text(`${prefix}.${code}`) }));
}
