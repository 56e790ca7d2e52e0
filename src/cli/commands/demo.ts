import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';
import { readToolVersion } from '../version.js';

export function registerDemo(program: Command, signal: AbortSignal): void {
  program
    .command('demo')
    .description(sayHelp('cli.help.demo.description'))
    .option('--out <dir>', sayHelp('cli.help.demo.option.out'), 'demo-out')
    .addHelpText('after', `\n${sayHelp('cli.help.demo.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { runDemo } = await import('../../app/demo.js');
      const options = command.optsWithGlobals<GlobalOptions & { out: string }>();
      const context = createContext(options, signal);
      context.output.progress(context.say('cli.demo.building'));
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
      const say = context.say;
      context.output.info(
        say('cli.demo.case', { reference: result.reference, caseDir: result.caseDir }),
      );
      context.output.info(
        say('cli.build.pdf', { path: String(result.pdfPath), pages: result.pages }),
      );
      context.output.info(say('cli.build.zip', { path: result.zipPath }));
      context.output.info(say('cli.demo.checkIt', { path: result.zipPath }));
    });
}
