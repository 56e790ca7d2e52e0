import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { parse as parseYaml, stringify } from 'yaml';
import { FactsSchema } from '../../case/facts.js';
import { readFactsText } from '../../case/facts-file.js';
import { loadCase, withCase } from '../../case/store.js';
import { UsageError } from '../../model/errors.js';
import { INPUT_LIMITS, readInputText } from '../../model/input-file.js';
import { createContext, type GlobalOptions } from '../context.js';

export function registerFacts(program: Command, signal: AbortSignal): void {
  const facts = program
    .command('facts')
    .description('show the facts of the case (victim, complainant, author, payments…)')
    .addHelpText('after', '\nExamples:\n  preuve facts\n  preuve facts import examples/facts.yaml')
    .action(async (_options: unknown, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), signal);
      const caseFile = await loadCase(context.caseDir);
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
      const context = createContext(command.optsWithGlobals<GlobalOptions>(), signal);
      const incoming = await readFactsFile(file);
      await withCase(
        context.caseDir,
        { command: 'facts import', operator: context.operator, clock: context.clock },
        async (session) => {
          const current = session.current();
          const merged = FactsSchema.parse({ ...current.facts, ...incoming });
          await session.commit({ ...current, facts: merged }, [
            {
              action: 'facts-import',
              details: {
                file,
                sha256: createHash('sha256').update(JSON.stringify(incoming)).digest('hex'),
                fields: Object.keys(incoming),
              },
            },
          ]);
        },
      );
      if (context.output.isJson) context.output.json({ file, fields: Object.keys(incoming) });
      context.output.info(`Facts imported from ${file}: ${Object.keys(incoming).join(', ')}.`);
    });
}

/** Reads and validates a facts file; every problem names the field and what is expected. */
export async function readFactsFile(file: string): Promise<Record<string, unknown>> {
  const text = await readFactsText(file);
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]}). Nothing was imported.`,
    );
  }
  const parsed = FactsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`)
      .join('; ');
    throw new UsageError(
      `${file}: ${issues}. Nothing was imported; see examples/facts.yaml for every field.`,
    );
  }
  return parsed.data as Record<string, unknown>;
}
