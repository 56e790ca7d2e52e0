import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

export function registerHighlight(program: Command, signal: AbortSignal): void {
  program
    .command('highlight <exhibit> <message>')
    .description(sayHelp('cli.help.highlight.description'))
    .option('--note <text>', sayHelp('cli.help.highlight.option.note'))
    .addHelpText('after', `\n${sayHelp('cli.help.highlight.after')}`)
    .action(async (id: string, messageArg: string, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { highlightMessage } = await import('../../app/highlight.js');
      const options = command.optsWithGlobals<GlobalOptions & { note?: string }>();
      const context = createContext(options, signal);
      const result = await highlightMessage({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        exhibit: id,
        message: messageArg,
        ...(options.note ? { note: options.note } : {}),
      });
      if (context.output.isJson) context.output.json(result);
      context.output.info(
        context.say('cli.highlight.done', { message: result.message, exhibit: id.toUpperCase() }),
      );
    });
}
