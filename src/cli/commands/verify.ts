import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PreuveError, UsageError } from '../../model/errors.js';
import { verifyTarget } from '../../verify/dossier.js';
import { createContext, type GlobalOptions } from '../context.js';
import { escapeForTerminal } from '../escape.js';
import { readPassphrase } from '../passphrase.js';

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
      're-check a case folder, a dossier ZIP or any BagIt bag; exit 1 naming each difference',
    )
    .option('--passphrase-file <file>', 'passphrase of an encrypted ZIP (or PREUVE_PASSPHRASE)')
    .option('--ca-file <file...>', "timestamp authorities' root certificates to trust")
    .option(
      '--expect <sha256>',
      'the fingerprint written down when the dossier was handed over (or its custody seal): fail unless this case or dossier still matches it',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  preuve verify ~/dossier-lea                     (a case folder)\n  preuve verify ~/dossier-lea --expect 3f1c…      (still the case of the dossier handed over?)\n  preuve verify out/PRV-20261130-7K3Q.zip         (a dossier, read in place)\n  preuve verify ./PRV-20261130-7K3Q --json        (an unzipped bag, per-check report)',
    )
    .action(async (target: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        GlobalOptions & { passphraseFile?: string; caFile?: string[]; expect?: string }
      >();
      const context = createContext(options, signal);
      if (options.expect !== undefined && !/^[0-9a-f]{64}$/i.test(options.expect.trim())) {
        throw new UsageError(
          `--expect ${escapeForTerminal(options.expect)}: give a SHA-256 (64 hexadecimal characters), such as the dossier fingerprint printed on the PDF's cover.`,
        );
      }
      const expect = options.expect?.trim().toLowerCase();
      const path = target ? resolve(target) : context.caseDir;
      const trustedCerts = await Promise.all(
        (options.caFile ?? []).map((file) =>
          readFile(file).catch(() => {
            throw new UsageError(`--ca-file ${file}: cannot be read. Check the path.`);
          }),
        ),
      );
      let report = await verifyTarget(path, { trustedCerts, ...(expect ? { expect } : {}) });
      if (report.isEncrypted && !report.ok) {
        const passphrase = await readPassphrase(options, context.env, context.canPrompt);
        report = await verifyTarget(path, {
          passphrase,
          trustedCerts,
          ...(expect ? { expect } : {}),
        });
      }
      if (context.output.isJson) context.output.json(report);
      else {
        for (const finding of report.findings) {
          context.output.info(`  ✗ ${escapeForTerminal(finding.message)}`);
          if (finding.expected !== undefined)
            context.output.info(`      expected: ${escapeForTerminal(finding.expected)}`);
          if (finding.found !== undefined)
            context.output.info(`      found:    ${escapeForTerminal(finding.found)}`);
        }
        context.output.info(escapeForTerminal(report.summary));
      }
      if (!report.ok) throw new VerificationFailed(report.summary);
    });
}
