import type { Command } from 'commander';
import { renderMessage } from '../../model/messages.js';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';

interface CasesOptions extends GlobalOptions {
  readonly lang?: string;
}

export function registerCases(program: Command, signal: AbortSignal): void {
  program
    .command('cases [folder]')
    .description(sayHelp('cli.help.cases.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.cases.after')}`)
    .action(async (folder: string | undefined, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { listCasesOfHome } = await import('../../app/cases.js');
      const { describeCase } = await import('../wizard/describe-case.js');
      const { chooseLanguage, loadWizardText } = await import('../wizard/text.js');
      const options = command.optsWithGlobals<CasesOptions>();
      const context = createContext(options, signal);
      const { home, cases } = await listCasesOfHome({
        env: context.env,
        ...(folder ? { home: folder } : {}),
      });
      if (context.output.isJson) {
        context.output.json({
          home,
          cases: cases.map((summary) => ({
            ...summary,
            lastChange: summary.lastChange.toISOString(),
          })),
        });
        return;
      }
      // The cases' own language when they share one; --lang or the system's otherwise.
      const languages = new Set(cases.flatMap((summary) => summary.language ?? []));
      const language =
        options.lang || languages.size !== 1
          ? chooseLanguage(options.lang, context.env)
          : [...languages][0]!;
      const text = loadWizardText(language);
      if (cases.length === 0) {
        context.output.info(text('cases.none', { home }));
        return;
      }
      context.output.info(text('cases.title', { home, count: cases.length }));
      for (const summary of cases) {
        if (summary.problem) {
          const problem = summary.problemDetail
            ? renderMessage(text.language, summary.problemDetail)
            : summary.problem;
          context.output.info(`  ${escapeForTerminal(summary.caseDir)}: ${problem}`);
          continue;
        }
        context.output.info(`  ${escapeForTerminal(describeCase(text, summary, 'Europe/Paris'))}`);
        context.output.info(
          `      ${escapeForTerminal(summary.caseDir)}  (${text('cases.operator', { name: escapeForTerminal(summary.operator ?? '?') })}${
            summary.withheldCount > 0
              ? `, ${text('cases.sensitive', { count: summary.withheldCount })}`
              : ''
          }${summary.wizardStage && !summary.isBuilt ? `, ${text('cases.stage', { stage: text(`section.${summary.wizardStage}`) })}` : ''})`,
        );
      }
    });
}
