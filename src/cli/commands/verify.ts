import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { VerifyTargetReport as VerifyReport } from '../../app/verify.js';
import { UsageError } from '../../model/errors.js';
import { renderMessage } from '../../model/messages.js';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';
import { VerificationFailed } from '../reported-failures.js';
import type { WizardText } from '../wizard/text.js';

export function registerVerify(program: Command, signal: AbortSignal): void {
  program
    .command('verify [target]')
    .description(sayHelp('cli.help.verify.description'))
    .option('--passphrase-file <file>', sayHelp('cli.help.verify.option.passphrase-file'))
    .option('--ca-file <file...>', sayHelp('cli.help.verify.option.ca-file'))
    .option('--all-manifests', sayHelp('cli.help.verify.option.all-manifests'))
    .option('--expect <sha256>', sayHelp('cli.help.verify.option.expect'))
    .addHelpText('after', `\n${sayHelp('cli.help.verify.after')}`)
    .action(async (target: string | undefined, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { verifyAnything } = await import('../../app/verify.js');
      const { readPassphrase } = await import('../passphrase.js');
      const { chooseLanguage, loadWizardText } = await import('../wizard/text.js');
      const options = command.optsWithGlobals<
        GlobalOptions & {
          passphraseFile?: string;
          caFile?: string[];
          lang?: string;
          expect?: string;
          allManifests?: boolean;
        }
      >();
      const context = createContext(options, signal);
      if (options.expect !== undefined && !/^[0-9a-f]{64}$/i.test(options.expect.trim())) {
        throw new UsageError({
          code: 'error.cli.verify.badExpect',
          params: { expect: escapeForTerminal(options.expect) },
        });
      }
      const expect = options.expect?.trim().toLowerCase();
      const path = target ? resolve(target) : context.caseDir;
      const report = await verifyAnything({
        target: path,
        caFiles: options.caFile ?? [],
        readPassphrase: () => readPassphrase(options, context.env, context.canPrompt, 'verify'),
        ...(expect ? { expect } : {}),
        allManifests: options.allManifests === true,
      });
      if (context.output.isJson) {
        // Keys and codes as they are; the human words in the terminal's language.
        const language = context.language;
        context.output.json(
          language === 'en' ? report : sayReport(loadWizardText(language), report),
        );
      } else {
        // The case's own language (case.json, the dossier's manifest.json), unless --lang says.
        const language =
          options.lang === 'fr' || options.lang === 'en'
            ? options.lang
            : (report.language ?? chooseLanguage(undefined, context.env));
        for (const line of describeReport(loadWizardText(language), report))
          context.output.info(line);
      }
      if (!report.ok) throw new VerificationFailed(report.summary);
    });
}

/** The report in the case's words: one line per problem, then the result. */
export function describeReport(text: WizardText, report: VerifyReport): string[] {
  const lines: string[] = [];
  const labels = [text('verify.expected'), text('verify.found')];
  const width = Math.max(...labels.map((label) => label.length)) + 1;
  for (const finding of report.findings) {
    if (finding.code) {
      // Said as a code: the precise sentence in the reader's own words.
      lines.push(
        `  ✗ ${renderMessage(text.language, { code: finding.code, params: finding.params })}`,
      );
      lines.push(...describeValues(labels, width, finding));
      continue;
    }
    // English readers get the precise sentence; others a sentence in their words and the detail.
    const isEnglish = text.language === 'en';
    lines.push(
      `  ✗ ${isEnglish ? finding.message : text(`verify.problem.${finding.problem}`, { file: finding.file })}`,
    );
    // The exact sentence stays, for the investigator who compares it with another tool.
    if (!isEnglish) lines.push(`      ${text('verify.detail', { message: finding.message })}`);
    lines.push(...describeValues(labels, width, finding));
  }
  lines.push(describeResult(text, report));
  if (report.ok && report.signedBy) {
    const { name, organisation, keyFingerprint } = report.signedBy;
    lines.push(
      text('verify.signed-by', {
        who: [name, organisation].filter(Boolean).join(', '),
        key: keyFingerprint,
      }),
    );
  }
  return lines;
}

/** The expected and found values of a finding, under it. */
function describeValues(
  labels: readonly string[],
  width: number,
  finding: VerifyReport['findings'][number],
): string[] {
  const lines: string[] = [];
  if (finding.expected !== undefined)
    lines.push(`      ${labels[0]!.padEnd(width)}${finding.expected}`);
  if (finding.found !== undefined) lines.push(`      ${labels[1]!.padEnd(width)}${finding.found}`);
  return lines;
}

function describeResult(text: WizardText, report: VerifyReport): string {
  const counts = report.counts;
  if (!report.ok || !counts) {
    return report.ok ? report.summary : text('verify.failed', { count: report.findings.length });
  }
  if (report.kind === 'case') {
    const stamps = counts.timestamps ?? 0;
    return text('verify.ok.case', {
      reference: counts.reference ?? '',
      exhibits: counts.exhibits ?? 0,
      files: counts.files,
      entries: counts.custodyEntries ?? 0,
      stamps: stamps > 0 ? text('verify.ok.stamps', { count: stamps }) : '',
    });
  }
  return text(report.kind === 'dossier' ? 'verify.ok.dossier' : 'verify.ok.bag', {
    reference: counts.reference ?? '',
    files: counts.files,
    manifests: (report.manifests ?? []).join(', '),
  });
}

/** The JSON report with its summary and check details in the reader's words (`--json`). */
function sayReport(text: WizardText, report: VerifyReport): VerifyReport {
  const say = (message: { code: string; params?: VerifyReport['checks'][number]['params'] }) =>
    renderMessage(
      text.language,
      message.params ? { code: message.code, params: message.params } : { code: message.code },
    );
  const [first] = report.findings;
  const firstText = first
    ? first.code
      ? say({ code: first.code, ...(first.params ? { params: first.params } : {}) })
      : first.message
    : '';
  const count = report.findings.length - 1;
  const summary = report.ok
    ? report.summaryCode
      ? say({
          code: report.summaryCode,
          ...(report.summaryParams ? { params: report.summaryParams } : {}),
        })
      : describeResult(text, report)
    : say({
        code: count > 0 ? 'verify.summary.failedMore' : 'verify.summary.failed',
        params: { first: firstText, count },
      });
  return {
    ...report,
    checks: report.checks.map((check) =>
      check.code
        ? {
            ...check,
            detail: say({ code: check.code, ...(check.params ? { params: check.params } : {}) }),
          }
        : check,
    ),
    summary,
  };
}
