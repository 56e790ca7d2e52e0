import type { Command } from 'commander';
import type { AddEvent, GatedMedia } from '../../app/add.js';
import { listChatFormatIds } from '../../app/chat-formats.js';
import { UsageError } from '../../model/errors.js';
import { EXHIBIT_KINDS, type ExhibitKind, formatExhibitId } from '../../model/exhibit.js';
import { createContext, formatBytes, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';

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
    .description(
      'take evidence into the case: files and folders (recursive); each file becomes an exhibit P1, P2…',
    )
    .option('--description <text>', 'what this evidence shows')
    .option('--kind <kind>', `exhibit kind (${KINDS.join(', ')}); default: from the content`)
    .option('--app <name>', 'the app it comes from (WhatsApp, Instagram, Snapchat…)')
    .option('--device <name>', 'the device it comes from ("iPhone de Léa")')
    .option('--sensitive', 'a nude or sexual image, even fake: hashed where it is, NEVER copied')
    .option('--where <place>', 'for --sensitive: where it is on the device')
    .option(
      '--format <id>',
      `read the paths as this chat export format (${listChatFormatIds().join(', ')})`,
    )
    .option('--timezone <zone>', "time zone the chat export's times are in (default: the case's)")
    .option(
      '--victim-name <name>',
      'the participant of the conversation who is the child (marked victim in the transcript)',
    )
    .option('--date-order <order>', 'day/month order of an ambiguous export: dmy or mdy (or ymd)')
    .option(
      '--exclude-attachment <name>',
      'a chat attachment to keep out (hashed in place, never copied); repeat it or give a comma list',
      collectList,
    )
    .option(
      '--include-unreferenced-media',
      'also copy the photos and videos of a chat export that no message names (default: hashed in place, not copied)',
    )
    .option(
      '--thread <name>',
      'only this conversation of a whole-account export; repeat it or give a comma list',
      collectList,
    )
    .addHelpText(
      'after',
      `
Examples:
  preuve add ~/Captures/Screenshot_20240312-210455.png --app Instagram --description "First message"
  preuve add ~/Captures/                        (every file of the folder, one exhibit each)
  preuve add --sensitive --description "Montage intime envoyé par l'auteur" --where "Galerie de l'iPhone, album Récents"
  preuve add photo.jpg --sensitive --description "Image intime reçue le 12/03"
  preuve add "WhatsApp Chat with Inconnu_77.zip" --exclude-attachment IMG-20240312-WA0003.jpg
  preuve add --exclude-attachment IMG-1.jpg,IMG-2.jpg chat.zip   (or --exclude-attachment twice)
  preuve add chat.zip --include-unreferenced-media   (copy the photos no message names, too)
  preuve add instagram-lea_m_2010.zip --thread inconnu_77        (one conversation of the account)`,
    )
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
      const onEvent = (event: AddEvent) => {
        switch (event.type) {
          case 'start':
            if (event.file.size > 20_000_000)
              output.progress(
                `Copying ${escapeForTerminal(event.file.name)} (${formatBytes(event.file.size)})…`,
              );
            break;
          case 'progress':
            if (event.file.size > 20_000_000) {
              const percent = Math.floor((event.bytesDone / event.file.size) * 100);
              output.progress(
                `Copying and sealing ${escapeForTerminal(event.file.name)}: ${percent}% of ${formatBytes(event.file.size)}`,
              );
            }
            break;
          case 'added':
            output.endProgress();
            output.info(describeExhibitLine(event.exhibit));
            for (const note of event.exhibit.notes) output.info(`      note: ${note}`);
            break;
          case 'duplicate':
            output.endProgress();
            output.info(
              `  ${escapeForTerminal(event.path)}: already in the case as ${formatExhibitId(event.exhibitNumber)} (same content), not added again.`,
            );
            break;
          case 'chat':
            output.info(
              `  ${escapeForTerminal(event.path)}: ${event.format} export, ${event.conversations.length} conversation(s)${event.conversations.length > 1 ? `: ${event.conversations.map(escapeForTerminal).join(', ')}` : ''}`,
            );
            break;
          case 'not-a-chat':
            output.info(
              `  ${escapeForTerminal(event.path)}: no chat format recognised in this text file; added as a plain file (use --format to force one).`,
            );
            break;
          case 'skipped':
            output.info(
              `  skipped ${escapeForTerminal(event.skipped.path)}: ${event.skipped.reason}`,
            );
            break;
          case 'unreadable-export':
            output.warn(
              `  ${event.path}: NOT READ AS A CONVERSATION. ${event.reason} It is added as a plain file, kept as it is, with a note in the dossier; no message of it is transcribed.`,
            );
            break;
          case 'withheld':
            output.info(describeWithheld(event.media, event.decision));
            break;
        }
      };
      const result = await addToCase({
        caseDir: context.caseDir,
        paths,
        isSensitive: Boolean(options.sensitive),
        onOpened: (cleanedUp) => {
          for (const path of cleanedUp)
            output.info(`  removed leftover of an interrupted command: ${escapeForTerminal(path)}`);
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
      output.info(
        `${result.added.length} exhibit(s) added${result.duplicates.length > 0 ? `, ${result.duplicates.length} already in the case` : ''}${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}.`,
      );
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

function describeWithheld(media: GatedMedia, decision: 'exclude' | 'sensitive'): string {
  const where = media.container ? ` (in ${media.container})` : '';
  if (media.origin === 'unreferenced' && decision === 'exclude') {
    return `  not copied: ${media.name}${where}: a photo or video no message names, hashed where it is, not copied (nobody was asked whether it is intimate). Look at it on the phone: if it must be in the dossier and is not intimate, add the export with --include-unreferenced-media.`;
  }
  return `  not copied: ${media.name}${where}: ${decision === 'sensitive' ? 'intimate, hashed where it is' : 'kept out, hashed where it is'}.`;
}
