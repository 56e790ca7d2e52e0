import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { createContext, type GlobalOptions } from '../context.js';

export function registerKey(program: Command, signal: AbortSignal): void {
  const key = program
    .command('key')
    .description("the operator's signing key (Ed25519), kept in PREUVE_HOME/keys/");
  key
    .command('create')
    .description(
      'make the key pair that signs your dossiers (private key encrypted with a passphrase, file 0600)',
    )
    .option('--organisation <name>', 'the organisation the key is for (printed in the dossier)')
    .option('--force', 'replace the key already there')
    .addHelpText(
      'after',
      '\nExample:\n  PREUVE_OPERATOR="Sam Martin" preuve key create --organisation "Association Exemple Aide"\nThen every "preuve build" signs the dossier (or "--no-sign" to skip).',
    )
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
      context.output.info(
        `Signing key for ${[result.owner.name, result.owner.organisation].filter(Boolean).join(', ')}:`,
      );
      context.output.info(`  private key (encrypted): ${result.privateKeyPath}`);
      context.output.info(`  public key:              ${result.publicKeyPath}`);
      context.output.info(`  fingerprint (SHA-256):   ${groupFingerprint(result.keyFingerprint)}`);
      context.output.info(
        'From now on "preuve build" signs each dossier with it (asking for the passphrase). Keep the passphrase safe: it cannot be recovered.',
      );
    });
}
