import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';

export function registerKey(program: Command, signal: AbortSignal): void {
  const key = program.command('key').description(sayHelp('cli.help.key.description'));
  key
    .command('create')
    .description(sayHelp('cli.help.key.create.description'))
    .option('--organisation <name>', sayHelp('cli.help.key.create.option.organisation'))
    .option('--force', sayHelp('cli.help.key.create.option.force'))
    .addHelpText('after', `\n${sayHelp('cli.help.key.create.after')}`)
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { createKey } = await import('../../app/key-create.js');
      const { defaultCasesHome } = await import('../../app/cases.js');
      const { readKeyPassphrase } = await import('../key-passphrase.js');
      const { groupFingerprint } = await import('../../model/fingerprint.js');
      const options = command.optsWithGlobals<
        GlobalOptions & { organisation?: string; force?: boolean }
      >();
      const context = createContext(options, signal);
      if (!context.isOperatorExplicit) {
        throw new UsageError({ code: 'error.cli.key.operatorNeeded' });
      }
      const passphrase = await readKeyPassphrase(context.env, context.canPrompt, 'create');
      const result = await createKey({
        home: defaultCasesHome(context.env),
        owner: {
          name: context.operator,
          ...(options.organisation ? { organisation: options.organisation } : {}),
        },
        passphrase,
        clock: context.clock,
        ...(options.force ? { force: true } : {}),
      });
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      const say = context.say;
      context.output.info(
        say('cli.key.title', {
          owner: [result.owner.name, result.owner.organisation].filter(Boolean).join(', '),
        }),
      );
      context.output.info(say('cli.key.private', { path: result.privateKeyPath }));
      context.output.info(say('cli.key.public', { path: result.publicKeyPath }));
      context.output.info(
        say('cli.key.fingerprint', { fingerprint: groupFingerprint(result.keyFingerprint) }),
      );
      context.output.info(say('cli.key.next'));
    });
}
