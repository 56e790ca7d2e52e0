import { checkbox, input, select } from '@inquirer/prompts';
import { InterruptedError } from '../../model/errors.js';
import type { WizardText } from './text.js';
import { wrapText } from './wrap.js';

export interface Choice<T> {
  readonly value: T;
  readonly name: string;
  readonly description?: string;
  /** What the answer line shows once chosen, when the name is too long for it. */
  readonly short?: string;
}

/** What the wizard needs from a terminal. Tests give it streams; the command gives it stdin/stdout. */
export interface Prompter {
  /** Free text. `validate` returns an error message to re-ask with, or undefined when the answer is fine. */
  text(
    message: string,
    options?: {
      default?: string;
      /** Shown after the question while it waits, not once answered ("(Enter to skip)"). */
      hint?: string;
      /** Shown once answered with nothing: "(passé)", or "(terminé)" where Enter means "done". */
      emptyLabel?: string;
      validate?: (answer: string) => string | undefined;
    },
  ): Promise<string>;
  select<T>(message: string, choices: readonly Choice<T>[], defaultValue?: T): Promise<T>;
  /** Yes or no, as a choice list: the confirm prompt only understands y/n, not o/oui. */
  yesNo(message: string, defaultValue?: boolean): Promise<boolean>;
  /** `noneLabel`: what the answer shows when nothing is ticked ("aucune", "rien"). */
  checkbox<T>(
    message: string,
    choices: readonly Choice<T>[],
    hint?: string,
    noneLabel?: string,
  ): Promise<T[]>;
  /** Prints lines between questions, broken at spaces to the terminal's width. */
  say(text: string): void;
  /**
   * A part's title, printed just before the part's first question or line: a part whose answers
   * are all saved already shows no empty heading.
   */
  heading(text: string | undefined): void;
}

export interface PrompterStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly signal?: AbortSignal;
}

/** The prompts of @inquirer/prompts on the given streams; Ctrl-C becomes an InterruptedError. */
export function createPrompter(streams: PrompterStreams, text: WizardText): Prompter {
  const context = {
    input: streams.input,
    output: streams.output,
    ...(streams.signal ? { signal: streams.signal } : {}),
  };
  const keysHelpTip = (keys: [string, string][]) =>
    keys.map(([key, action]) => translateKey(text, key, action)).join(' • ');
  const columns = () => (streams.output as { columns?: number }).columns ?? 80;
  /** The question broken at spaces ("? " comes before it): the prompts would cut words. */
  const wrapQuestion = (shown: string) => wrapText(shown, columns() - 3);
  const theme = { style: { keysHelpTip, message: wrapQuestion } };
  /** The question with its hint while it waits; without it once answered. */
  const hideHintWhenDone = (hint: string) => (shown: string, status: string) =>
    wrapQuestion(status === 'done' ? shown.replace(` ${hint}`, '') : shown);
  let pendingHeading: string | undefined;
  const write = (line: string) => {
    streams.output.write(`${wrapText(line, columns())}\n`);
  };
  const flushHeading = () => {
    if (pendingHeading === undefined) return;
    const heading = pendingHeading;
    pendingHeading = undefined;
    write(heading);
  };
  const run = async <T>(prompt: Promise<T>): Promise<T> => {
    try {
      return await prompt;
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new InterruptedError();
      throw error;
    }
  };
  const prompter: Prompter = {
    text: (message, options = {}) =>
      run(
        input(
          {
            message: options.hint ? `${message} ${options.hint}` : message,
            transformer: (value: string, { isFinal }: { isFinal: boolean }) => {
              if (!isFinal) return value;
              if (value.trim() === '') return options.emptyLabel ?? text('common.skipped');
              // A long answer goes under the question, broken at spaces, rather than cut mid-word.
              const lastLine = wrapQuestion(message).split('\n').pop() ?? '';
              return [...lastLine].length + [...value].length + 4 > columns()
                ? `\n${wrapText(`  ${value}`, columns() - 1)}`
                : value;
            },
            ...(options.hint
              ? { theme: { style: { message: hideHintWhenDone(options.hint) } } }
              : { theme: { style: { message: wrapQuestion } } }),
            ...(options.default !== undefined ? { default: options.default } : {}),
            validate: (answer: string) => options.validate?.(answer.trim()) ?? true,
          },
          context,
        ),
      ).then((answer) => answer.trim()),
    select: <T>(message: string, choices: readonly Choice<T>[], defaultValue?: T) =>
      run(
        select<T>(
          {
            message,
            choices: choices.map((choice) => ({ ...choice })),
            ...(defaultValue !== undefined ? { default: defaultValue } : {}),
            pageSize: 12,
            theme,
          },
          context,
        ),
      ),
    yesNo: (message, defaultValue) =>
      run(
        select<boolean>(
          {
            message,
            choices: [
              { value: true, name: text('common.yes') },
              { value: false, name: text('common.no') },
            ],
            ...(defaultValue !== undefined ? { default: defaultValue } : {}),
            theme,
          },
          context,
        ),
      ),
    checkbox: <T>(
      message: string,
      choices: readonly Choice<T>[],
      hint?: string,
      noneLabel?: string,
    ) =>
      run(
        checkbox<T>(
          {
            message: hint ? `${message} ${hint}` : message,
            theme: {
              style: {
                keysHelpTip,
                renderSelectedChoices: (selected: readonly { short: string }[]) =>
                  selected.length === 0
                    ? (noneLabel ?? text('common.none'))
                    : selected.map((choice) => choice.short).join(', '),
                message: hint ? hideHintWhenDone(hint) : wrapQuestion,
              },
            },
            choices: choices.map((choice) => ({ ...choice })),
            pageSize: 12,
          },
          context,
        ),
      ),
    say: (line) => {
      flushHeading();
      write(line);
    },
    heading: (line) => {
      pendingHeading = line;
    },
  };
  // Every question shows the heading of its part first.
  for (const name of ['text', 'select', 'yesNo', 'checkbox'] as const) {
    const ask = prompter[name] as (...args: unknown[]) => Promise<unknown>;
    (prompter as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      flushHeading();
      return ask(...args);
    };
  }
  return prompter;
}

/** The prompts' key help line ("↑↓ navigate • ⏎ select") in the wizard's language. */
function translateKey(text: WizardText, key: string, action: string): string {
  const name =
    key === '↑↓' ? 'arrows' : key === 'space' ? 'space' : key === '⏎' ? `enter-${action}` : action;
  try {
    return text(`keys.${name}`);
  } catch {
    return `${key} ${action}`;
  }
}
