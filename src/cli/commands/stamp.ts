import type { Command } from 'commander';
import { EvidenceError } from '../../model/errors.js';
import { readCatalogue } from '../../model/messages.js';
import { type CliContext, createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

interface StampOptions extends GlobalOptions {
  readonly tsa?: string[];
  readonly dryRun?: boolean;
  readonly import?: string;
  readonly caFile?: string[];
  readonly timeout: string;
}

export function registerStamp(program: Command, signal: AbortSignal): void {
  program
    .command('stamp')
    .description(sayHelp('cli.help.stamp.description'))
    .option('--tsa <id or URL...>', sayHelp('cli.help.stamp.option.tsa'))
    .option('--dry-run', sayHelp('cli.help.stamp.option.dry-run'))
    .option('--import <file.tsr>', sayHelp('cli.help.stamp.option.import'))
    .option('--ca-file <file...>', sayHelp('cli.help.stamp.option.ca-file'))
    .option('--timeout <seconds>', sayHelp('cli.help.stamp.option.timeout'), '20')
    .addHelpText('after', `\n${sayHelp('cli.help.stamp.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { listAuthorities, stampCaseInFolder } = await import('../../app/stamp.js');
      const options = command.optsWithGlobals<StampOptions>();
      const context = createContext(options, signal);
      if (options.tsa?.includes('list')) {
        for (const authority of await listAuthorities())
          context.output.info(
            `  ${authority.id.padEnd(12)} ${authority.url}\n               ${describeNote(context, authority)}`,
          );
        return;
      }
      const outcomes = await stampCaseInFolder({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        timeout: options.timeout,
        caFiles: options.caFile ?? [],
        ...(options.tsa ? { tsa: options.tsa } : {}),
        ...(options.import ? { importFile: options.import } : {}),
        ...(options.dryRun ? { isDryRun: true } : {}),
        onContact: (authority) =>
          context.output.warn(
            context.say('cli.stamp.contacting', { name: authority.name, url: authority.url }),
          ),
      });
      if (context.output.isJson) context.output.json({ stamps: outcomes });
      for (const outcome of outcomes) {
        if (outcome.error)
          context.output.warn(
            context.say('cli.stamp.failed', {
              name: outcome.authority.name,
              error: outcome.errorDetail ?? { code: 'error.text', params: { text: outcome.error } },
            }),
          );
        else if (outcome.record?.status === 'pending')
          context.output.info(
            context.say('cli.stamp.requestWritten', {
              request: outcome.record.files.request,
              url: outcome.authority.url,
            }),
          );
        else if (outcome.record) {
          context.output.info(
            context.say('cli.stamp.stamped', {
              name: outcome.record.authority.name,
              genTime: String(outcome.record.genTime),
              serial: String(outcome.record.serial),
              last: String(outcome.record.lastExhibit),
              fingerprint: outcome.record.fingerprint,
            }),
          );
          if (outcome.warning)
            context.output.warn(
              context.say('cli.stamp.note', {
                note: outcome.warningDetail ?? {
                  code: 'error.text',
                  params: { text: outcome.warning },
                },
              }),
            );
        }
      }
      if (outcomes.every((outcome) => outcome.error)) {
        throw new EvidenceError({ code: 'error.cli.stamp.noTimestamp' });
      }
    });
}

/** An authority's note in the command's language (`stamp.authority.<id>`), else as listed. */
function describeNote(
  context: CliContext,
  authority: { readonly id: string; readonly note: string },
): string {
  const code = `stamp.authority.${authority.id}`;
  return code in readCatalogue(context.language) ? context.say(code) : authority.note;
}
