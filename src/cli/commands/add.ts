import type { Command } from 'commander';
import type { AddEvent, GatedMedia } from '../../app/add.js';
import { listChatFormatIds } from '../../app/chat-formats.js';
import { UsageError } from '../../model/errors.js';
import { EXHIBIT_KINDS, type ExhibitKind, formatExhibitId } from '../../model/exhibit.js';
import { type CliContext, createContext, formatBytes, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';

const KINDS: readonly ExhibitKind[] = EXHIBIT_KINDS;

interface AddOptions extends GlobalOptions {
  readonly description?: string;
  readonly kind?: string;
  readonly app?: string;
  readonly device?: string;
  readonly sensitive?: boolean;
  readonly where?: string;
  readonly format?: string;
  readonly timezone?: string;
  readonly dateOrder?: string;
  readonly victimName?: string;
  readonly excludeAttachment?: string[];
  readonly thread?: string[];
  readonly includeUnreferencedMedia?: boolean;
}

/** A repeatable option taking one value each time, a comma list accepted: it never eats the paths. */
function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}

export function registerAdd(program: Command, signal: AbortSignal): void {
  program
    .command('add [paths...]')
    .description(sayHelp('cli.help.add.description'))
    .option('--description <text>', sayHelp('cli.help.add.option.description'))
    .option('--kind <kind>', sayHelp('cli.help.add.option.kind', { kinds: KINDS.join(', ') }))
    .option('--app <name>', sayHelp('cli.help.add.option.app'))
    .option('--device <name>', sayHelp('cli.help.add.option.device'))
    .option('--sensitive', sayHelp('cli.help.add.option.sensitive'))
    .option('--where <place>', sayHelp('cli.help.add.option.where'))
    .option(
      '--format <id>',
      sayHelp('cli.help.add.option.format', { formats: listChatFormatIds().join(', ') }),
    )
    .option('--timezone <zone>', sayHelp('cli.help.add.option.timezone'))
    .option('--victim-name <name>', sayHelp('cli.help.add.option.victim-name'))
    .option('--date-order <order>', sayHelp('cli.help.add.option.date-order'))
    .option(
      '--exclude-attachment <name>',
      sayHelp('cli.help.add.option.exclude-attachment'),
      collectList,
    )
    .option(
      '--include-unreferenced-media',
      sayHelp('cli.help.add.option.include-unreferenced-media'),
    )
    .option('--thread <name>', sayHelp('cli.help.add.option.thread'), collectList)
    .addHelpText('after', `\n${sayHelp('cli.help.add.after')}`)
    .action(async (paths: string[], _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { addToCase } = await import('../../app/add.js');
      const { describeExhibitLine } = await import('../describe.js');
      const { isValidTimeZone } = await import('../../model/zone.js');
      const options = command.optsWithGlobals<AddOptions>();
      const context = createContext(options, signal);
      if (options.kind && !KINDS.includes(options.kind as ExhibitKind)) {
        throw new UsageError({
          code: 'error.cli.add.unknownKind',
          params: { kind: options.kind, kinds: KINDS.join(', ') },
        });
      }
      if (options.dateOrder && !['dmy', 'mdy', 'ymd'].includes(options.dateOrder)) {
        throw new UsageError({
          code: 'error.cli.add.unknownDateOrder',
          params: { dateOrder: options.dateOrder },
        });
      }
      if (options.timezone && !isValidTimeZone(options.timezone)) {
        throw new UsageError({
          code: 'error.cli.add.unknownTimeZone',
          params: { timezone: options.timezone },
        });
      }
      if (paths.length === 0 && !options.sensitive) explainNothingToAdd(options);
      const output = context.output;
      const say = context.say;
      const onEvent = (event: AddEvent) => {
        switch (event.type) {
          case 'start':
            if (event.file.size > 20_000_000)
              output.progress(
                say('cli.add.copying', {
                  name: escapeForTerminal(event.file.name),
                  size: formatBytes(event.file.size, say),
                }),
              );
            break;
          case 'progress':
            if (event.file.size > 20_000_000) {
              const percent = Math.floor((event.bytesDone / event.file.size) * 100);
              output.progress(
                say('cli.add.copyingProgress', {
                  name: escapeForTerminal(event.file.name),
                  percent,
                  size: formatBytes(event.file.size, say),
                }),
              );
            }
            break;
          case 'added':
            output.endProgress();
            output.info(describeExhibitLine(event.exhibit, say));
            for (const note of event.exhibit.notes) output.info(say('cli.add.note', { note }));
            break;
          case 'duplicate':
            output.endProgress();
            output.info(
              say('cli.add.duplicate', {
                path: escapeForTerminal(event.path),
                exhibit: formatExhibitId(event.exhibitNumber),
              }),
            );
            break;
          case 'chat':
            output.info(
              say(event.conversations.length > 1 ? 'cli.add.chatNamed' : 'cli.add.chat', {
                path: escapeForTerminal(event.path),
                format: say(`chat.format.${event.formatId}`),
                count: event.conversations.length,
                names: event.conversations.map(escapeForTerminal).join(', '),
              }),
            );
            break;
          case 'not-a-chat':
            output.info(say('cli.add.notAChat', { path: escapeForTerminal(event.path) }));
            break;
          case 'skipped':
            output.info(
              say('cli.add.skipped', {
                path: escapeForTerminal(event.skipped.path),
                reason: {
                  code: event.skipped.code,
                  ...(event.skipped.params ? { params: event.skipped.params } : {}),
                },
              }),
            );
            break;
          case 'unreadable-export':
            output.warn(
              say('cli.add.unreadableExport', { path: event.path, reason: event.reason }),
            );
            break;
          case 'withheld':
            output.info(describeWithheld(say, event.media, event.decision));
            break;
        }
      };
      const result = await addToCase({
        caseDir: context.caseDir,
        paths,
        isSensitive: Boolean(options.sensitive),
        onOpened: (cleanedUp) => {
          for (const path of cleanedUp)
            output.info(say('cli.add.removedLeftover', { path: escapeForTerminal(path) }));
        },
        operator: context.operator,
        clock: context.clock,
        signal: context.signal,
        onEvent,
        ...(options.description ? { description: options.description } : {}),
        ...(options.kind ? { kind: options.kind as ExhibitKind } : {}),
        ...(options.app ? { app: options.app } : {}),
        ...(options.device ? { device: options.device } : {}),
        ...(options.where ? { where: options.where } : {}),
        ...(options.format ? { format: options.format } : {}),
        ...(options.timezone ? { timeZone: options.timezone } : {}),
        ...(options.dateOrder ? { dateOrder: options.dateOrder as 'dmy' | 'mdy' | 'ymd' } : {}),
        ...(options.excludeAttachment ? { excludeAttachments: options.excludeAttachment } : {}),
        ...(options.thread ? { threads: options.thread } : {}),
        ...(options.victimName ? { victimName: options.victimName } : {}),
        ...(options.includeUnreferencedMedia ? { includeUnreferencedMedia: true } : {}),
      });
      if (output.isJson) {
        output.json({
          added: result.added,
          withheld: result.withheld.map(({ media, decision }) => ({
            name: media.name,
            origin: media.origin,
            ...(media.container ? { container: media.container } : {}),
            decision,
          })),
          duplicates: result.duplicates,
          skipped: result.skipped,
        });
      }
      const counts = [say('cli.add.summary.added', { count: result.added.length })];
      if (result.duplicates.length > 0)
        counts.push(say('cli.add.summary.duplicates', { count: result.duplicates.length }));
      if (result.skipped.length > 0)
        counts.push(say('cli.add.summary.skipped', { count: result.skipped.length }));
      output.info(say('cli.add.summary', { counts: counts.join(', ') }));
    });
}

/** `--exclude-attachment chat.zip` with no path after it: the option took the path as its value. */
function explainNothingToAdd(options: AddOptions): void {
  const taken = [
    ...(options.excludeAttachment ?? []).map((value) => ['--exclude-attachment', value] as const),
    ...(options.thread ?? []).map((value) => ['--thread', value] as const),
  ].find(([, value]) => /\.(zip|txt|json|xml|eml|html)$/i.test(value) || value.includes('/'));
  if (!taken) return;
  throw new UsageError({
    code: 'error.cli.add.optionTookThePath',
    params: { option: taken[0], value: taken[1] },
  });
}

function describeWithheld(
  say: CliContext['say'],
  media: GatedMedia,
  decision: 'exclude' | 'sensitive',
): string {
  const where = media.container ? say('cli.add.withheld.in', { container: media.container }) : '';
  const params = { name: media.name, where };
  if (media.origin === 'unreferenced' && decision === 'exclude')
    return say('cli.add.withheld.unreferenced', params);
  return say(
    decision === 'sensitive' ? 'cli.add.withheld.sensitive' : 'cli.add.withheld.excluded',
    params,
  );
}
