import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

interface InitOptions extends GlobalOptions {
  readonly lang: string;
  readonly timezone: string;
  readonly organisation?: string;
  readonly reference?: string;
}

export function registerInit(program: Command, signal: AbortSignal): void {
  program
    .command('init [dir]')
    .description(sayHelp('cli.help.init.description'))
    .option('--lang <lang>', sayHelp('cli.help.init.option.lang'), 'fr')
    .option('--timezone <zone>', sayHelp('cli.help.init.option.timezone'), 'Europe/Paris')
    .option('--organisation <name>', sayHelp('cli.help.init.option.organisation'))
    .option('--reference <ref>', sayHelp('cli.help.init.option.reference'))
    .addHelpText('after', `\n${sayHelp('cli.help.init.after')}`)
    .action(async (dir: string | undefined, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { createCase } = await import('../../app/init.js');
      const options = command.optsWithGlobals<InitOptions>();
      const context = createContext(options, signal);
      const created = await createCase({
        caseDir: dir ?? context.caseDir,
        operator: context.operator,
        clock: context.clock,
        language: options.lang,
        timeZone: options.timezone,
        ...(options.organisation ? { organisation: options.organisation } : {}),
        ...(options.reference ? { reference: options.reference } : {}),
      });
      const absolute = created.caseDir;
      if (context.output.isJson) context.output.json(created);
      const say = context.say;
      context.output.info(say('cli.init.created', { reference: created.reference, absolute }));
      context.output.info(
        say(context.isOperatorExplicit ? 'cli.init.operator' : 'cli.init.operatorFromLogin', {
          operator: created.operator,
        }),
      );
      context.output.info(say('cli.init.next', { absolute }));
    });
}
