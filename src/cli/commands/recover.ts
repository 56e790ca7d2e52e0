import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';

/**
 * Opens the case and closes it again: opening finishes a change a crash interrupted and removes
 * what an interrupted command left, logging both (see withCase). Any command that changes the case
 * does the same; this one does only that, for `preuve verify` to name.
 */
export function registerRecover(program: Command, signal: AbortSignal): void {
  program
    .command('recover')
    .description(sayHelp('cli.help.recover.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.recover.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { withCase } = await import('../../app/case-session.js');
      const options = command.optsWithGlobals<GlobalOptions>();
      const context = createContext(options, signal);
      const outcome = await withCase(
        context.caseDir,
        { command: 'recover', operator: context.operator, clock: context.clock },
        async (session) => ({ recovered: session.recovered, cleanedUp: session.cleanedUp }),
      );
      if (context.output.isJson) {
        context.output.json({
          caseDir: context.caseDir,
          finished: outcome.recovered
            ? {
                command: outcome.recovered.command,
                custodyEntries: outcome.recovered.entries.map((entry) => entry.seq),
              }
            : null,
          removed: outcome.cleanedUp,
        });
        return;
      }
      if (outcome.recovered) {
        const seqs = outcome.recovered.entries.map((entry) => entry.seq);
        context.output.info(
          context.say('cli.recover.finished', {
            command: outcome.recovered.command,
            first: String(seqs[0]),
            last: String(seqs.at(-1)),
          }),
        );
      }
      for (const path of outcome.cleanedUp)
        context.output.info(context.say('cli.recover.removed', { path: escapeForTerminal(path) }));
      if (!outcome.recovered && outcome.cleanedUp.length === 0)
        context.output.info(context.say('cli.recover.nothing'));
    });
}
