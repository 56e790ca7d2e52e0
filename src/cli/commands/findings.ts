import type { Command } from 'commander';
import type { Conflict, Finding } from '../../app/findings.js';
import type { OcrProgress } from '../../app/findings-ocr.js';
import { type CliContext, createContext, type GlobalOptions } from '../context.js';

interface FindingsOptions extends GlobalOptions {
  readonly country?: string;
  /** commander's --no-ocr. */
  readonly ocr?: boolean;
}

/** Progress of the OCR on stderr: a redrawn line on a terminal, one line per image otherwise. */
function ocrProgress(context: CliContext) {
  return (progress: OcrProgress) => {
    if (progress.done === progress.total) {
      context.output.endProgress();
      return;
    }
    const line = `Reading the text of the images: ${progress.done + 1}/${progress.total} ${progress.exhibit} ${progress.name}`;
    if (context.output.isInteractive) context.output.progress(line);
    else context.output.warn(line);
  };
}

const NO_OCR_HELP =
  'do not read the text of images not read yet (offline OCR, stored in derived/ocr/)';

export function registerFindings(program: Command, signal: AbortSignal): void {
  const findings = program
    .command('findings')
    .description(
      'what the evidence shows: identifiers, payment means, amounts, demands, threats, deadlines (suggestions until accepted)',
    )
    .option(
      '--country <code>',
      'region of phone numbers written without +country (default: from the case time zone)',
    )
    .option('--no-ocr', NO_OCR_HELP)
    .addHelpText(
      'after',
      '\nExamples:\n  preuve findings\n  preuve findings --json\n  preuve findings accept F3 F7\n  preuve findings accept --all-identifiers --suggested-highlights',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<FindingsOptions>();
      const context = createContext(options, signal);
      // Loaded when the command runs: --help and the other commands do not pay for OCR.
      const { listFindings } = await import('../../app/findings.js');
      const result = await listFindings({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        ...(options.country ? { country: options.country } : {}),
        ocr: options.ocr !== false,
        onOcrProgress: ocrProgress(context),
      });
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      if (result.findings.length === 0) {
        context.output.info(`Nothing found in the evidence of case ${result.reference}.`);
        return;
      }
      context.output.info(`Findings of case ${result.reference} (not facts until accepted):`);
      for (const finding of result.findings) context.output.info(formatFinding(finding));
      for (const conflict of result.conflicts) context.output.warn(formatConflict(conflict));
      for (const line of result.ocr?.unreadable ?? [])
        context.output.warn(`Warning: no text could be read on ${line}.`);
      context.output.info(
        `\nAccept with: preuve findings accept <ids…> | --all-identifiers (${result.suggested.identifiers.length}) | --suggested-highlights (${result.suggested.highlights.length})`,
      );
    });
  findings
    .command('accept [ids...]')
    .description(
      'move findings into the facts (author identifiers, payment means, key messages), logged in custody',
    )
    .option('--no-ocr', NO_OCR_HELP)
    .option('--all-identifiers', 'every identifier and payment means of the other party')
    .option(
      '--suggested-highlights',
      'every message of the other party with a demand, threat or deadline',
    )
    .action(async (ids: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        FindingsOptions & { allIdentifiers?: boolean; suggestedHighlights?: boolean }
      >();
      const context = createContext(options, signal);
      const { acceptFindings } = await import('../../app/findings.js');
      const result = await acceptFindings({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        ids,
        ocr: options.ocr !== false,
        onOcrProgress: ocrProgress(context),
        ...(options.country ? { country: options.country } : {}),
        ...(options.allIdentifiers ? { allIdentifiers: true } : {}),
        ...(options.suggestedHighlights ? { suggestedHighlights: true } : {}),
      });
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      context.output.info(
        `Accepted: ${result.identifiers.length} identifier(s), ${result.payments.length} payment means or amount(s), ${result.highlights.length} key message finding(s).`,
      );
      if (result.linked.length > 0)
        context.output.info(`Linked to the evidence: ${result.linked.join(', ')}.`);
      for (const conflict of result.conflicts) context.output.warn(formatConflict(conflict));
    });
}

function formatFinding(finding: Finding): string {
  const places = finding.occurrences.map((o) => {
    const where =
      o.place.message !== undefined
        ? `${o.place.exhibit} #${o.place.message}`
        : `${o.place.exhibit} (image)`;
    return `${where}${o.sender ? ` ${o.sender}` : ''}${o.repair ? ` [read ${o.repair.from}, repaired ${o.repair.changes}]` : ''}`;
  });
  const shown =
    places.slice(0, 4).join('; ') + (places.length > 4 ? `; … (${places.length} places)` : '');
  const validity = finding.validity === 'valid' ? 'checked' : 'read, not verifiable';
  return `  ${finding.id.padEnd(5)} ${finding.kind.padEnd(12)} ${finding.normalized}${finding.detail ? ` (${finding.detail})` : ''}  [${validity}]  ${shown}`;
}

function formatConflict(conflict: Conflict): string {
  const evidence = conflict.evidence.join(', ');
  switch (conflict.code) {
    case 'author-phone-not-in-evidence':
      return `Warning: the author's number typed (${conflict.declared}) is in no exhibit; the evidence shows ${evidence}. Check the facts.`;
    case 'amount-not-in-evidence':
      return `Warning: the amount typed (${conflict.declared}) is not in the messages, which state ${evidence}. Check the facts.`;
    case 'method-not-in-evidence':
      return `Warning: the payment method typed (${conflict.declared}) is not the one the evidence shows (${evidence}). Check the facts.`;
  }
}
