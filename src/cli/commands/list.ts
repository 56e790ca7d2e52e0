import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';

export function registerList(program: Command, signal: AbortSignal): void {
  program
    .command('list')
    .description('show the exhibits of the case')
    .addHelpText('after', '\nExample:\n  preuve list --case ~/dossier-lea\n  preuve list --json')
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { readCase, readPendingChange } = await import('../../app/read-case.js');
      const { describeExhibitLine } = await import('../describe.js');
      const options = command.optsWithGlobals<GlobalOptions>();
      const context = createContext(options, signal);
      const caseFile = await readCase(context.caseDir);
      const journal = await readPendingChange(context.caseDir);
      if (journal)
        context.output.warn(
          `A "preuve ${journal.command}" was interrupted before it finished saving; the list below may not show its change yet. Run "preuve recover" to finish it.`,
        );
      if (context.output.isJson) {
        context.output.json({
          reference: caseFile.reference,
          caseDir: context.caseDir,
          exhibits: caseFile.exhibits,
        });
        return;
      }
      context.output.info(
        `Case ${caseFile.reference} (${escapeForTerminal(context.caseDir)}): ${caseFile.exhibits.length} exhibit(s)`,
      );
      for (const exhibit of caseFile.exhibits) {
        context.output.info(describeExhibitLine(exhibit));
        if (exhibit.description)
          context.output.info(`       ${escapeForTerminal(exhibit.description)}`);
      }
    });
}
