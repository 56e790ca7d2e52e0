import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { createContext, type GlobalOptions, isPromptAllowed } from '../context.js';
import { sayHelp } from '../help-language.js';

interface WizardOptions extends GlobalOptions {
  readonly lang?: string;
}

/** True when a person is at the keyboard: the wizard never waits on a pipe. */
export function isTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

export function registerWizard(program: Command, signal: AbortSignal): void {
  program
    .command('wizard [case]')
    .description(sayHelp('cli.help.wizard.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.wizard.after')}`)
    .action(async (caseArg: string | undefined, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { defaultCasesHome } = await import('../../app/cases.js');
      const { runWizard } = await import('../wizard/run-wizard.js');
      const { chooseLanguage } = await import('../wizard/text.js');
      const options = command.optsWithGlobals<WizardOptions>();
      if (!isTerminal() || !isPromptAllowed(options, process.env)) {
        command.outputHelp({ error: true });
        throw new UsageError({ code: 'error.cli.wizard.needsTerminal' });
      }
      if (options.lang && options.lang !== 'fr' && options.lang !== 'en') {
        throw new UsageError({
          code: 'error.cli.wizard.unknownLanguage',
          params: { lang: options.lang },
        });
      }
      const context = createContext(options, signal);
      const explicitCase = caseArg ?? options.case ?? context.env.PREUVE_CASE;
      const operator = options.operator ?? context.env.PREUVE_OPERATOR;
      await runWizard({
        streams: { input: process.stdin, output: process.stdout, signal },
        language: chooseLanguage(options.lang, context.env),
        clock: context.clock,
        casesHome: defaultCasesHome(context.env),
        ...(explicitCase ? { caseDir: explicitCase } : {}),
        ...(operator?.trim() ? { operator: operator.trim() } : {}),
        progress: context.output.progress,
        endProgress: context.output.endProgress,
      });
    });
}

/** The global options that take a value (the word after them is not a command). */
export const OPTIONS_WITH_VALUE = new Set(['-C', '--case', '--operator', '--lang']);

/**
 * `preuve` with no command: the wizard on a terminal (`wizard` is appended), undefined otherwise
 * (the caller prints help and exits 2). Arguments with a command, --help or --version pass as given.
 */
export function withWizardDefault(
  argv: readonly string[],
  isInteractive: boolean,
): string[] | undefined {
  const args = argv.slice(2);
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (['-h', '--help', '-V', '--version'].includes(arg)) return [...argv];
    if (OPTIONS_WITH_VALUE.has(arg)) index += 1;
    else if (!arg.startsWith('-')) return [...argv];
  }
  return isInteractive ? [...argv, 'wizard'] : undefined;
}
