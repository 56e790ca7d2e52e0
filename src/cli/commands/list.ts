import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';

export function registerList(program: Command, signal: AbortSignal): void {
  program
    .command('list')
    .description(sayHelp('cli.help.list.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.list.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { readCase, readPendingChange } = await import('../../app/read-case.js');
      const { describeExhibitLine } = await import('../describe.js');
      const options = command.optsWithGlobals<GlobalOptions>();
      const context = createContext(options, signal);
      const caseFile = await readCase(context.caseDir);
      const journal = await readPendingChange(context.caseDir);
      if (journal)
        context.output.warn(context.say('cli.list.pendingChange', { command: journal.command }));
      if (context.output.isJson) {
        context.output.json({
          reference: caseFile.reference,
          caseDir: context.caseDir,
          exhibits: caseFile.exhibits,
        });
        return;
      }
      context.output.info(
        context.say('cli.list.title', {
          reference: caseFile.reference,
          caseDir: escapeForTerminal(context.caseDir),
          count: caseFile.exhibits.length,
        }),
      );
      for (const exhibit of caseFile.exhibits) {
        context.output.info(describeExhibitLine(exhibit, context.say));
        if (exhibit.description)
          context.output.info(`       ${escapeForTerminal(exhibit.description)}`);
      }
    });
}
