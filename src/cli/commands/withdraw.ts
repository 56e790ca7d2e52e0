import type { Command } from 'commander';
import type { ExhibitChangeResult } from '../../app/withdraw.js';
import { UsageError } from '../../model/errors.js';
import { formatExhibitId } from '../../model/exhibit.js';
import { createContext, type GlobalOptions } from '../context.js';

export function registerWithdraw(program: Command, signal: AbortSignal): void {
  program
    .command('withdraw <exhibit>')
    .description(
      "take an exhibit's copy back out of the case (its number is kept, never reused; the custody log keeps its hashes and the reason)",
    )
    .requiredOption('--reason <text>', 'why it is withdrawn (kept in the custody log)')
    .addHelpText(
      'after',
      '\nExample:\n  preuve withdraw P4 --reason "Ajoutée par erreur : photo de vacances"',
    )
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
      report(context, result, 'withdrawn');
    });

  program
    .command('mark <exhibit>')
    .description('re-mark an exhibit: --sensitive removes its copy and keeps only its hash')
    .option('--sensitive', 'a nude or sexual image, even fake: its copy is removed, its hash kept')
    .option('--not-sensitive', 'not intimate after all: the file is copied (give it with --file)')
    .option('--file <path>', 'for --not-sensitive on a hash-only item: the same file again')
    .addHelpText(
      'after',
      '\nExamples:\n  preuve mark P3 --sensitive\n  preuve mark P3 --not-sensitive --file ~/Captures/Screenshot_20240312-210455.png',
    )
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
      report(context, result, options.sensitive ? 'marked sensitive' : 'marked not sensitive');
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
  for (const path of result.removed) context.output.info(`  removed ${path}`);
  for (const path of result.copied) context.output.info(`  copied ${path}`);
  context.output.info(
    result.copied.length > 0
      ? `${id} ${what}: its file is in the case again. Run "preuve build" for a new dossier.`
      : `${id} ${what}. Its number is kept and its hashes stay in the custody log; "preuve build" writes a new dossier without the copy.`,
  );
}
