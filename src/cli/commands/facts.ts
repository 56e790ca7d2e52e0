import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';

export function registerFacts(program: Command, signal: AbortSignal): void {
  const facts = program
    .command('facts')
    .description('show the facts of the case (victim, complainant, author, payments…)')
    .addHelpText('after', '\nExamples:\n  preuve facts\n  preuve facts import examples/facts.yaml')
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
            ? '(no facts yet: preuve facts import <file.yaml>)\n'
            : stringify(caseFile.facts);
        context.output.info(`Facts of case ${caseFile.reference}:\n${text.trimEnd()}`);
      }
    });
  facts
    .command('import <file>')
    .description('validate a YAML or JSON file of facts and merge it into the case (logged)')
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
      context.output.info(`Facts imported from ${file}: ${result.fields.join(', ')}.`);
    });
}
