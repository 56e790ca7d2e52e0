import type { Command } from 'commander';
import type { ExhibitChangeResult } from '../../app/withdraw.js';
import { UsageError } from '../../model/errors.js';
import { formatExhibitId } from '../../model/exhibit.js';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

export function registerWithdraw(program: Command, signal: AbortSignal): void {
  program
    .command('withdraw <exhibit>')
    .description(sayHelp('cli.help.withdraw.description'))
    .requiredOption('--reason <text>', sayHelp('cli.help.withdraw.option.reason'))
    .addHelpText('after', `\n${sayHelp('cli.help.withdraw.after')}`)
    .action(async (id: string, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { withdrawFromCase } = await import('../../app/withdraw.js');
      const options = command.optsWithGlobals<GlobalOptions & { reason: string }>();
      const context = createContext(options, signal);
      const result = await withdrawFromCase({
        caseDir: context.caseDir,
        exhibit: id,
        reason: options.reason,
        operator: context.operator,
        clock: context.clock,
      });
      report(context, result, 'cli.withdraw.withdrawn');
    });

  program
    .command('mark <exhibit>')
    .description(sayHelp('cli.help.withdraw.mark.description'))
    .option('--sensitive', sayHelp('cli.help.withdraw.mark.option.sensitive'))
    .option('--not-sensitive', sayHelp('cli.help.withdraw.mark.option.not-sensitive'))
    .option('--file <path>', sayHelp('cli.help.withdraw.mark.option.file'))
    .addHelpText('after', `\n${sayHelp('cli.help.withdraw.mark.after')}`)
    .action(async (id: string, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { markInCase } = await import('../../app/withdraw.js');
      const options = command.optsWithGlobals<
        GlobalOptions & { sensitive?: boolean; notSensitive?: boolean; file?: string }
      >();
      const context = createContext(options, signal);
      if (Boolean(options.sensitive) === Boolean(options.notSensitive)) {
        throw new UsageError({ code: 'error.cli.withdraw.markNeedsOneFlag', params: { id } });
      }
      if (options.file && !options.notSensitive) {
        throw new UsageError({ code: 'error.cli.withdraw.fileOnlyNotSensitive' });
      }
      const result = await markInCase({
        caseDir: context.caseDir,
        exhibit: id,
        isSensitive: Boolean(options.sensitive),
        ...(options.file ? { file: options.file } : {}),
        operator: context.operator,
        clock: context.clock,
      });
      report(
        context,
        result,
        options.sensitive ? 'cli.withdraw.markedSensitive' : 'cli.withdraw.markedNotSensitive',
      );
    });
}

function report(
  context: ReturnType<typeof createContext>,
  result: ExhibitChangeResult,
  what: string,
): void {
  const id = formatExhibitId(result.exhibit.number);
  if (context.output.isJson) {
    context.output.json({ exhibit: id, removed: result.removed, copied: result.copied });
  }
  for (const path of result.removed)
    context.output.info(context.say('cli.withdraw.removed', { path }));
  for (const path of result.copied)
    context.output.info(context.say('cli.withdraw.copied', { path }));
  const params = { id, what: { code: what } };
  context.output.info(
    context.say(result.copied.length > 0 ? 'cli.withdraw.copiedBack' : 'cli.withdraw.done', params),
  );
}
