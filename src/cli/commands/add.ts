import type { Command } from 'commander';
import { withCase } from '../../case/store.js';
import { type AddEvent, addEvidence } from '../../evidence/add.js';
import { UsageError } from '../../model/errors.js';
import { type ExhibitKind, formatExhibitId } from '../../model/exhibit.js';
import { createContext, formatBytes, type GlobalOptions } from '../context.js';
import { describeExhibitLine } from '../describe.js';

const KINDS: readonly ExhibitKind[] = [
  'image',
  'conversation',
  'email',
  'document',
  'media',
  'sensitive',
  'other',
];

interface AddOptions extends GlobalOptions {
  readonly description?: string;
  readonly kind?: string;
  readonly app?: string;
  readonly device?: string;
  readonly sensitive?: boolean;
  readonly where?: string;
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
    .addHelpText(
      'after',
      `
Examples:
  preuve add ~/Captures/Screenshot_20240312-210455.png --app Instagram --description "First message"
  preuve add ~/Captures/                        (every file of the folder, one exhibit each)
  preuve add --sensitive --description "Montage intime envoyé par l'auteur" --where "Galerie de l'iPhone, album Récents"
  preuve add photo.jpg --sensitive --description "Image intime reçue le 12/03"`,
    )
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<AddOptions>();
      const context = createContext(options, signal);
      if (options.kind && !KINDS.includes(options.kind as ExhibitKind)) {
        throw new UsageError(`--kind ${options.kind}: choose one of ${KINDS.join(', ')}.`);
      }
      const output = context.output;
      const onEvent = (event: AddEvent) => {
        switch (event.type) {
          case 'start':
            if (event.file.size > 20_000_000)
              output.progress(`Copying ${event.file.name} (${formatBytes(event.file.size)})…`);
            break;
          case 'progress':
            if (event.file.size > 20_000_000) {
              const percent = Math.floor((event.bytesDone / event.file.size) * 100);
              output.progress(
                `Copying and sealing ${event.file.name}: ${percent}% of ${formatBytes(event.file.size)}`,
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
              `  ${event.file.path}: already in the case as ${formatExhibitId(event.exhibitNumber)} (same SHA-256), not added again.`,
            );
            break;
          case 'skipped':
            output.info(`  skipped ${event.skipped.path}: ${event.skipped.reason}`);
            break;
        }
      };
      const result = await withCase(
        context.caseDir,
        { command: 'add', operator: context.operator, clock: context.clock },
        async (session) => {
          for (const path of session.cleanedUp)
            output.info(`  removed leftover of an interrupted command: ${path}`);
          return addEvidence(session, {
            paths,
            isSensitive: Boolean(options.sensitive),
            operator: context.operator,
            clock: context.clock,
            signal: context.signal,
            onEvent,
            ...(options.description ? { description: options.description } : {}),
            ...(options.kind ? { kind: options.kind as ExhibitKind } : {}),
            ...(options.app ? { app: options.app } : {}),
            ...(options.device ? { device: options.device } : {}),
            ...(options.where ? { where: options.where } : {}),
          });
        },
      );
      if (output.isJson) {
        output.json({
          added: result.added,
          duplicates: result.duplicates,
          skipped: result.skipped,
        });
      }
      output.info(
        `${result.added.length} exhibit(s) added${result.duplicates.length > 0 ? `, ${result.duplicates.length} already in the case` : ''}${result.skipped.length > 0 ? `, ${result.skipped.length} skipped` : ''}.`,
      );
    });
}
