import type { Command } from 'commander';
import { EvidenceError } from '../../model/errors.js';
import { createContext, type GlobalOptions } from '../context.js';

interface StampOptions extends GlobalOptions {
  readonly tsa?: string[];
  readonly dryRun?: boolean;
  readonly import?: string;
  readonly caFile?: string[];
  readonly timeout: string;
}

export function registerStamp(program: Command, signal: AbortSignal): void {
  program
    .command('stamp')
    .description(
      'get a trusted timestamp (RFC 3161) of the dossier fingerprint: the ONLY command that uses the network',
    )
    .option(
      '--tsa <id or URL...>',
      'timestamp authorities to ask (see the list below); several may be given',
    )
    .option('--dry-run', 'only write the request (.tsq), to send it later from another computer')
    .option('--import <file.tsr>', "take in an authority's answer to a request made with --dry-run")
    .option('--ca-file <file...>', "the authority's root certificate(s), to check its tokens fully")
    .option('--timeout <seconds>', 'how long to wait for each authority', '20')
    .addHelpText(
      'after',
      `
Only the fingerprint (a SHA-256 hash) is sent, never evidence. Nothing is contacted unless you name it.
Known authorities: run "preuve stamp --tsa list".
Examples:
  preuve stamp --tsa freetsa --ca-file cacert.pem
  preuve stamp --tsa freetsa --dry-run         then, elsewhere: curl -H "Content-Type: application/timestamp-query" --data-binary @timestamps/01-freetsa.tsq https://freetsa.org/tsr -o 01.tsr
  preuve stamp --import 01.tsr`,
    )
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { listAuthorities, stampCaseInFolder } = await import('../../app/stamp.js');
      const options = command.optsWithGlobals<StampOptions>();
      const context = createContext(options, signal);
      if (options.tsa?.includes('list')) {
        for (const authority of await listAuthorities())
          context.output.info(
            `  ${authority.id.padEnd(12)} ${authority.url}\n               ${authority.note}`,
          );
        return;
      }
      const outcomes = await stampCaseInFolder({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        timeout: options.timeout,
        caFiles: options.caFile ?? [],
        ...(options.tsa ? { tsa: options.tsa } : {}),
        ...(options.import ? { importFile: options.import } : {}),
        ...(options.dryRun ? { isDryRun: true } : {}),
        onContact: (authority) =>
          context.output.warn(
            `Contacting ${authority.name} (${authority.url}) to timestamp the dossier fingerprint…`,
          ),
      });
      if (context.output.isJson) context.output.json({ stamps: outcomes });
      for (const outcome of outcomes) {
        if (outcome.error) context.output.warn(`  ✗ ${outcome.authority.name}: ${outcome.error}`);
        else if (outcome.record?.status === 'pending')
          context.output.info(
            `  request written: timestamps/${outcome.record.files.request} (send it to ${outcome.authority.url}, then preuve stamp --import <answer.tsr>)`,
          );
        else if (outcome.record) {
          context.output.info(
            `  ✓ ${outcome.record.authority.name}: timestamp ${outcome.record.genTime} (serial ${outcome.record.serial}) covers P1–${outcome.record.lastExhibit}, fingerprint ${outcome.record.fingerprint}`,
          );
          if (outcome.warning) context.output.warn(`    note: ${outcome.warning}`);
        }
      }
      if (outcomes.every((outcome) => outcome.error)) {
        throw new EvidenceError({ code: 'error.cli.stamp.noTimestamp' });
      }
    });
}
