import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { CaseOutcome } from '../../app/batch/run-batch.js';
import { UsageError } from '../../model/errors.js';
import { type MessageLanguage, renderMessage } from '../../model/messages.js';
import { createContext, type GlobalOptions } from '../context.js';
import { chooseOutputLanguage } from '../error-language.js';
import { sayHelp } from '../help-language.js';
import { BatchFailed } from '../reported-failures.js';
import { readToolVersion } from '../version.js';
import type { WizardText } from '../wizard/text.js';

interface BatchOptions extends GlobalOptions {
  readonly lang?: string;
  readonly concurrency: string;
  readonly out: string;
  readonly force?: boolean;
}

export function registerBatch(program: Command, signal: AbortSignal): void {
  program
    .command('batch <specs...>')
    .description(sayHelp('cli.help.batch.description'))
    .option('--concurrency <n>', sayHelp('cli.help.batch.option.concurrency'), '1')
    .option('--out <dir>', sayHelp('cli.help.batch.option.out'), 'preuve-batch')
    .option('--force', sayHelp('cli.help.batch.option.force'))
    .addHelpText('after', `\n${sayHelp('cli.help.batch.after')}`)
    .action(async (specs: string[], _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { inProcessRunner } = await import('../../app/batch/case-runner.js');
      const { findSpecFiles } = await import('../../app/batch/find-specs.js');
      const { runBatch } = await import('../../app/batch/run-batch.js');
      const { loadWizardText } = await import('../wizard/text.js');
      const options = command.optsWithGlobals<BatchOptions>();
      const context = createContext(options, signal);
      // The batch's words and its cases' error messages, as errors choose theirs (--lang, locale).
      const text = loadWizardText(chooseOutputLanguage(options.lang, context.env));
      if (options.case) {
        throw new UsageError({ code: 'error.cli.batch.caseOption' });
      }
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        throw new UsageError({
          code: 'error.cli.batch.badConcurrency',
          params: { concurrency: options.concurrency, cores: availableParallelism() },
        });
      }
      const output = context.output;
      const specFiles = await findSpecFiles(specs);
      output.info(
        text('batch-command.start', { specs: specFiles.length, concurrency, out: options.out }),
      );
      // Cases share this thread: worker threads or processes were measured slower on 2 cores
      // (each loads the whole code, about 0.7 s of CPU, more than a small case takes).
      const runner = inProcessRunner({
        operator: context.operator,
        clock: context.clock,
        toolVersion: readToolVersion(),
        env: context.env,
        signal: context.signal,
        onProgress: (message) => output.progress(renderMessage(text.language, message)),
        ...(options.force ? { force: true } : {}),
      });
      const summary = await runBatch({
        specFiles,
        outDir: options.out,
        concurrency,
        runner,
        signal: context.signal,
        onCase: (given) => {
          const outcome = renderOutcome(given, text.language);
          output.endProgress();
          if (output.isJson) output.jsonLine(outcome);
          else output.info(describeOutcome(text, outcome));
        },
      }).finally(() => runner.close());
      output.endProgress();
      if (output.isJson) output.jsonLine(summary);
      const said = [
        text('batch-command.built', { built: summary.built, total: summary.total }),
        ...(summary.failed > 0 ? [text('batch-command.failed', { count: summary.failed })] : []),
        ...(summary.interrupted + summary.notStarted > 0
          ? [
              text('batch-command.interrupted', {
                interrupted: summary.interrupted,
                notStarted: summary.notStarted,
              }),
            ]
          : []),
      ].join(', ');
      const line = text('batch-command.summary', {
        said,
        // 2.0 s in English, 2,0 s in French.
        seconds: (summary.durationMs / 1000)
          .toFixed(1)
          .replace('.', text.language === 'fr' ? ',' : '.'),
      });
      output.info(line);
      if (summary.exitCode !== 0) throw new BatchFailed(line, summary.exitCode === 130);
    });
}

/** The case's error message in the reader's language; the JSON line keeps its shape. */
function renderOutcome(outcome: CaseOutcome, language: MessageLanguage): CaseOutcome {
  if (outcome.status === 'built') return outcome;
  const { detail, ...error } = outcome.error;
  return {
    ...outcome,
    error: { ...error, ...(detail ? { message: renderMessage(language, detail) } : {}) },
  };
}

function describeOutcome(text: WizardText, outcome: CaseOutcome): string {
  if (outcome.status === 'built') {
    const what = outcome.dossier.isUnchanged
      ? text('batch-command.unchanged')
      : text('batch-command.added', { count: outcome.added.length });
    return text('batch-command.case-built', {
      name: outcome.name,
      reference: outcome.reference,
      exhibits: outcome.dossier.exhibitCount,
      what,
      zip: outcome.dossier.zipPath,
    });
  }
  return text('batch-command.case-failed', {
    name: outcome.name,
    status: text(`batch-command.status.${outcome.status}`),
    message: outcome.error.message,
  });
}
