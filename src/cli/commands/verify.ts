import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PreuveError } from '../../model/errors.js';
import { verifyCase } from '../../verify/case.js';
import { createContext, type GlobalOptions } from '../context.js';

/** Thrown after the report is printed, to exit 1 without printing it twice. */
export class VerificationFailed extends PreuveError {
  constructor(message: string) {
    super(message, 1);
  }
}

export function registerVerify(program: Command, signal: AbortSignal): void {
  program
    .command('verify [target]')
    .description(
      're-check a case folder: every copy re-hashed, the custody log chain; exit 1 naming the first difference',
    )
    .addHelpText('after', '\nExamples:\n  preuve verify ~/dossier-lea\n  preuve verify --json')
    .action(async (target: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const context = createContext(options, signal);
      const report = await verifyCase(target ? resolve(target) : context.caseDir);
      if (context.output.isJson) context.output.json(report);
      else {
        for (const finding of report.findings) {
          context.output.info(`  ✗ ${finding.message}`);
          if (finding.expected !== undefined)
            context.output.info(`      expected: ${finding.expected}`);
          if (finding.found !== undefined) context.output.info(`      found:    ${finding.found}`);
        }
        context.output.info(report.summary);
      }
      if (!report.ok) throw new VerificationFailed(report.summary);
    });
}
