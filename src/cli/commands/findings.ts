import type { Command } from 'commander';
import type { Conflict, Finding } from '../../app/findings.js';
import type { OcrProgress } from '../../app/findings-ocr.js';
import { type CliContext, createContext, type GlobalOptions } from '../context.js';
import { chooseOutputLanguage } from '../error-language.js';
import { sayHelp } from '../help-language.js';
import type { WizardText } from '../wizard/text.js';

interface FindingsOptions extends GlobalOptions {
  readonly lang?: string;
  readonly country?: string;
  /** commander's --no-ocr. */
  readonly ocr?: boolean;
}

/** The command's words, in the language chosen as for errors (--lang, else the locale, else English). */
async function loadText(options: FindingsOptions, env: NodeJS.ProcessEnv): Promise<WizardText> {
  const { loadWizardText } = await import('../wizard/text.js');
  return loadWizardText(chooseOutputLanguage(options.lang, env));
}

/** Progress of the OCR on stderr: a redrawn line on a terminal, one line per image otherwise. */
function ocrProgress(context: CliContext, text: WizardText) {
  return (progress: OcrProgress) => {
    if (progress.done === progress.total) {
      context.output.endProgress();
      return;
    }
    const line = text('findings-command.ocr-progress', {
      done: progress.done + 1,
      total: progress.total,
      exhibit: progress.exhibit,
      name: progress.name,
    });
    if (context.output.isInteractive) context.output.progress(line);
    else context.output.warn(line);
  };
}

const NO_OCR_HELP =
  'do not read the text of images not read yet (offline OCR, stored in derived/ocr/)';

export function registerFindings(program: Command, signal: AbortSignal): void {
  const findings = program
    .command('findings')
    .description(sayHelp('cli.help.findings.description'))
    .option('--country <code>', sayHelp('cli.help.findings.option.country'))
    .option('--no-ocr', NO_OCR_HELP)
    .addHelpText('after', `\n${sayHelp('cli.help.findings.after')}`)
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<FindingsOptions>();
      const context = createContext(options, signal);
      const text = await loadText(options, context.env);
      // Loaded when the command runs: --help and the other commands do not pay for OCR.
      const { listFindings } = await import('../../app/findings.js');
      const result = await listFindings({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        ...(options.country ? { country: options.country } : {}),
        ocr: options.ocr !== false,
        onOcrProgress: ocrProgress(context, text),
      });
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      if (result.findings.length === 0) {
        context.output.info(text('findings-command.none', { reference: result.reference }));
        return;
      }
      context.output.info(text('findings-command.title', { reference: result.reference }));
      const kindWidth = Math.max(
        ...result.findings.map((f) => text(`findings.kind.${f.kind}`).length),
      );
      for (const finding of result.findings)
        context.output.info(formatFinding(text, finding, kindWidth));
      for (const conflict of result.conflicts) context.output.warn(formatConflict(text, conflict));
      for (const image of result.ocr?.unreadable ?? [])
        context.output.warn(text('findings-command.unreadable', { image }));
      context.output.info(
        `\n${text('findings-command.accept-hint', {
          identifiers: result.suggested.identifiers.length,
          highlights: result.suggested.highlights.length,
        })}`,
      );
    });
  findings
    .command('accept [ids...]')
    .description(sayHelp('cli.help.findings.accept.description'))
    .option('--no-ocr', NO_OCR_HELP)
    .option('--all-identifiers', sayHelp('cli.help.findings.accept.option.all-identifiers'))
    .option(
      '--suggested-highlights',
      sayHelp('cli.help.findings.accept.option.suggested-highlights'),
    )
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        FindingsOptions & { allIdentifiers?: boolean; suggestedHighlights?: boolean }
      >();
      const context = createContext(options, signal);
      const text = await loadText(options, context.env);
      const { acceptFindings } = await import('../../app/findings.js');
      const result = await acceptFindings({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        ids,
        ocr: options.ocr !== false,
        onOcrProgress: ocrProgress(context, text),
        ...(options.country ? { country: options.country } : {}),
        ...(options.allIdentifiers ? { allIdentifiers: true } : {}),
        ...(options.suggestedHighlights ? { suggestedHighlights: true } : {}),
      });
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      context.output.info(
        text('findings-command.accepted', {
          identifiers: result.identifiers.length,
          payments: result.payments.length,
          highlights: result.highlights.length,
        }),
      );
      if (result.linked.length > 0)
        context.output.info(text('findings-command.linked', { list: result.linked.join(', ') }));
      for (const conflict of result.conflicts) context.output.warn(formatConflict(text, conflict));
    });
}

function formatFinding(text: WizardText, finding: Finding, kindWidth: number): string {
  const places = finding.occurrences.map((o) => {
    const where =
      o.place.message !== undefined
        ? text('findings-command.place-message', {
            exhibit: o.place.exhibit,
            message: o.place.message,
          })
        : text('findings-command.place-image', { exhibit: o.place.exhibit });
    const repair = o.repair
      ? ` ${text('findings-command.repair', { from: o.repair.from, changes: o.repair.changes })}`
      : '';
    return `${where}${o.sender ? ` ${o.sender}` : ''}${repair}`;
  });
  const shown =
    places.slice(0, 4).join('; ') +
    (places.length > 4
      ? `; ${text('findings-command.more-places', { count: places.length })}`
      : '');
  const validity = text(
    finding.validity === 'valid' ? 'findings-command.checked' : 'findings-command.unverified',
  );
  const kind = text(`findings.kind.${finding.kind}`);
  return `  ${finding.id.padEnd(5)} ${kind.padEnd(kindWidth)} ${finding.normalized}${finding.detail ? ` (${finding.detail})` : ''}  [${validity}]  ${shown}`;
}

function formatConflict(text: WizardText, conflict: Conflict): string {
  return text(`findings-command.conflict.${conflict.code}`, {
    declared: conflict.declared,
    evidence: conflict.evidence.join(', '),
  });
}
