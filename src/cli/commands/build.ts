import type { Command } from 'commander';
import { withCase } from '../../case/store.js';
import { buildDossier } from '../../dossier/build.js';
import { loadStoredTimestamps } from '../../timestamp/case-stamps.js';
import { createContext, type GlobalOptions } from '../context.js';
import { readPassphrase } from '../passphrase.js';
import { readToolVersion } from '../version.js';

interface BuildOptions extends GlobalOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly encrypt?: boolean;
  readonly passphraseFile?: string;
}

export function registerBuild(program: Command, signal: AbortSignal): void {
  program
    .command('build')
    .description('write the dossier: a PDF to read and a ZIP (BagIt) to verify, into out/')
    .option('--out <file.zip>', 'write the ZIP there (the PDF goes beside it)')
    .option('--force', 'replace an existing dossier that differs')
    .option(
      '--encrypt',
      'encrypt the ZIP (AES-256; 7-Zip opens it); passphrase from PREUVE_PASSPHRASE, --passphrase-file or a prompt',
    )
    .option('--passphrase-file <file>', 'read the passphrase from this file')
    .addHelpText(
      'after',
      '\nExamples:\n  preuve build\n  preuve build --out /media/cle-usb/dossier-lea.zip\n  PREUVE_PASSPHRASE="quatre mots au hasard" preuve build --encrypt',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<BuildOptions>();
      const context = createContext(options, signal);
      const passphrase = options.encrypt ? await readPassphrase(options, context.env) : undefined;
      const result = await withCase(
        context.caseDir,
        { command: 'build', operator: context.operator, clock: context.clock },
        async (session) =>
          buildDossier(session, {
            operator: context.operator,
            clock: context.clock,
            toolVersion: readToolVersion(),
            signal: context.signal,
            timestamps: await loadStoredTimestamps(session.caseDir, session.current().exhibits),
            onProgress: (step) => context.output.progress(`${step}…`),
            ...(options.out ? { outFile: options.out } : {}),
            ...(options.force ? { force: true } : {}),
            ...(passphrase ? { encrypt: { passphrase } } : {}),
          }),
      );
      context.output.endProgress();
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      const out = context.output;
      out.info(
        `Dossier ${result.reference}${result.isUnchanged ? ' (unchanged since the last build)' : ''}:`,
      );
      out.info(`  PDF: ${result.pdfPath}  (${result.pages} pages)`);
      out.info(
        `  ZIP: ${result.zipPath}${result.isEncrypted ? '  (encrypted: open it with 7-Zip and the passphrase)' : ''}`,
      );
      out.info(`  ${result.exhibitCount} exhibit(s); fingerprint ${result.fingerprint}`);
      out.info('Check it any time with: preuve verify ' + result.zipPath);
    });
}
