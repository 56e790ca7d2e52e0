import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { readToolVersion } from '../version.js';

export function registerDemo(program: Command, signal: AbortSignal): void {
  program
    .command('demo')
    .description('build a complete demo dossier from bundled, invented evidence')
    .option('--out <dir>', 'folder for the demo case', 'demo-out')
    .addHelpText('after', '\nExample:\n  preuve demo --out /tmp/demo')
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { runDemo } = await import('../../app/demo.js');
      const options = command.optsWithGlobals<GlobalOptions & { out: string }>();
      const context = createContext(options, signal);
      context.output.progress('Building the demo dossier…');
      const result = await runDemo({
        caseDir: options.out,
        examplesDir: fileURLToPath(new URL('../../../examples/demo/', import.meta.url)),
        toolVersion: readToolVersion(),
        signal: context.signal,
      });
      context.output.endProgress();
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      context.output.info(`Demo case ${result.reference} (invented evidence) in ${result.caseDir}`);
      context.output.info(`  PDF: ${result.pdfPath}  (${result.pages} pages)`);
      context.output.info(`  ZIP: ${result.zipPath}`);
      context.output.info(`Check it: node bin/preuve.js verify ${result.zipPath}`);
    });
}
