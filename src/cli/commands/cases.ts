import type { Command } from 'commander';
import { defaultCasesHome, listCases } from '../../case/cases-home.js';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { describeCase } from '../wizard/run-wizard.js';
import { chooseLanguage, loadWizardText } from '../wizard/text.js';

interface CasesOptions extends GlobalOptions {
  readonly lang?: string;
}

export function registerCases(program: Command, signal: AbortSignal): void {
  program
    .command('cases [folder]')
    .description(
      'list the cases in the cases folder (PREUVE_HOME, default ~/preuve-dossiers) with their state',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  preuve cases\n  PREUVE_HOME=/srv/asso/dossiers preuve cases --json',
    )
    .action(async (folder: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<CasesOptions>();
      const context = createContext(options, signal);
      const home = folder ?? defaultCasesHome(context.env);
      const cases = await listCases(home);
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
      const text = loadWizardText(chooseLanguage(options.lang, context.env));
      if (cases.length === 0) {
        context.output.info(text('cases.none', { home }));
        return;
      }
      context.output.info(text('cases.title', { home, count: cases.length }));
      for (const summary of cases) {
        if (summary.problem) {
          context.output.info(`  ${escapeForTerminal(summary.caseDir)}: ${summary.problem}`);
          continue;
        }
        context.output.info(`  ${escapeForTerminal(describeCase(text, summary, 'Europe/Paris'))}`);
        context.output.info(
          `      ${escapeForTerminal(summary.caseDir)}  (${text('cases.operator', { name: escapeForTerminal(summary.operator ?? '?') })}${
            summary.sensitiveCount > 0
              ? `, ${text('cases.sensitive', { count: summary.sensitiveCount })}`
              : ''
          }${summary.wizardStage && !summary.isBuilt ? `, ${text('cases.stage', { stage: text(`section.${summary.wizardStage}`) })}` : ''})`,
        );
      }
    });
}
