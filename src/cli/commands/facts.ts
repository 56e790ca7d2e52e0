import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

export function registerFacts(program: Command, signal: AbortSignal): void {
  const facts = program
    .command('facts')
    .description(sayHelp('cli.help.facts.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.facts.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { readCase } = await import('../../app/read-case.js');
      const { stringify } = await import('yaml');
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), signal);
      const caseFile = await readCase(context.caseDir);
      if (context.output.isJson) context.output.json(caseFile.facts);
      else {
        const text =
          Object.keys(caseFile.facts).length === 0
            ? context.say('cli.facts.none')
            : stringify(caseFile.facts);
        context.output.info(
          context.say('cli.facts.title', { reference: caseFile.reference, facts: text.trimEnd() }),
        );
      }
    });
  facts
    .command('import <file>')
    .description(sayHelp('cli.help.facts.import.description'))
    .action(async (file: string, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { importFactsFile } = await import('../../app/facts.js');
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), signal);
      const result = await importFactsFile({
        caseDir: context.caseDir,
        file,
        operator: context.operator,
        clock: context.clock,
      });
      if (context.output.isJson) context.output.json({ file, fields: result.fields });
      context.output.info(
        context.say('cli.facts.imported', { file, fields: result.fields.join(', ') }),
      );
    });
}
