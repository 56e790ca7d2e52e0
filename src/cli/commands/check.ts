import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

export function registerCheck(program: Command, signal: AbortSignal): void {
  program
    .command('check')
    .description(sayHelp('cli.help.check.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.check.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { checkCase } = await import('../../app/check.js');
      const { printGaps } = await import('../print-gaps.js');
      const options = command.optsWithGlobals<GlobalOptions & { lang?: string }>();
      const context = createContext(options, signal);
      const result = await checkCase({
        caseDir: context.caseDir,
        ...(options.lang === 'fr' || options.lang === 'en' ? { language: options.lang } : {}),
      });
      if (context.output.isJson) {
        context.output.json({
          reference: result.reference,
          essentialCount: result.essentialCount,
          gaps: result.gaps.map(({ line: _line, ...gap }) => gap),
        });
        return;
      }
      printGaps(context.output, result);
    });
}
