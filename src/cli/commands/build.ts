import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { SigningKey } from '../../app/key-open.js';
import { UsageError } from '../../model/errors.js';
import { type CliContext, createContext, type GlobalOptions } from '../context.js';
import { readToolVersion } from '../version.js';

interface BuildOptions extends GlobalOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly encrypt?: boolean;
  readonly passphraseFile?: string;
  readonly spec?: string;
  readonly sign?: boolean;
  readonly letter?: boolean;
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
    .option(
      '--sign',
      'sign the dossier with your key (preuve key create); default when PREUVE_HOME holds one',
    )
    .option('--no-sign', 'do not sign, even if PREUVE_HOME holds a key')
    .option(
      '--letter',
      'also write the complaint letter to the procureur (always written when the recipient is the procureur)',
    )
    .option(
      '--spec <file>',
      'create or update the case from a spec (YAML or JSON) and build it, with no question; default case folder: ./<name>',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  preuve build\n  preuve build --out /media/cle-usb/dossier-lea.zip\n  PREUVE_PASSPHRASE="quatre mots au hasard" preuve build --encrypt\n  preuve build --spec examples/case-spec.yaml --case /srv/dossiers/lea --json',
    )
    .action(async (_options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { buildCaseInFolder } = await import('../../app/build.js');
      const { readPassphrase } = await import('../passphrase.js');
      const options = command.optsWithGlobals<BuildOptions>();
      const context = createContext(options, signal);
      if (options.spec) {
        await buildFromSpec(options, context);
        return;
      }
      const passphrase = options.encrypt
        ? await readPassphrase(options, context.env, context.canPrompt)
        : undefined;
      const signingKey = await openKeyForBuild(options, context);
      const result = await buildCaseInFolder({
        caseDir: context.caseDir,
        operator: context.operator,
        clock: context.clock,
        toolVersion: readToolVersion(),
        signal: context.signal,
        onProgress: (step) => context.output.progress(`${step}…`),
        ...(options.out ? { outFile: options.out } : {}),
        ...(options.force ? { force: true } : {}),
        ...(passphrase ? { encrypt: { passphrase } } : {}),
        ...(signingKey ? { signingKey } : {}),
        ...(options.letter ? { letter: true } : {}),
      });
      context.output.endProgress();
      if (context.output.isJson) {
        context.output.json(result);
        return;
      }
      // Loaded once the dossier is written: a refused build does not pay for them.
      const { adviseAfterBuild } = await import('../../app/after-build.js');
      const { readCase: loadCase } = await import('../../app/read-case.js');
      const { printAfterBuild } = await import('../print-gaps.js');
      const { groupFingerprint } = await import('../../model/fingerprint.js');
      const out = context.output;
      out.info(
        `Dossier ${result.reference}${result.isUnchanged ? ' (unchanged since the last build)' : ''}:`,
      );
      out.info(
        result.pdfPath
          ? `  PDF: ${result.pdfPath}  (${result.pages} pages)`
          : `  PDF: only inside the encrypted ZIP (data/dossier.pdf, ${result.pages} pages)`,
      );
      out.info(
        `  ZIP: ${result.zipPath}${result.isEncrypted ? '  (encrypted: open it with 7-Zip and the passphrase)' : ''}`,
      );
      out.info(`  ${result.exhibitCount} exhibit(s); fingerprint ${result.fingerprint}`);
      if (result.bag) for (const line of describeEncryptedBag(result)) out.info(line);
      if (result.letterPath) out.info(`  Complaint letter to sign: ${result.letterPath}`);
      if (result.signedBy)
        out.info(
          `  signed by ${[result.signedBy.name, result.signedBy.organisation].filter(Boolean).join(', ')} (Ed25519 key ${groupFingerprint(result.signedBy.keyFingerprint)})`,
        );
      out.info(`Check it any time with: preuve verify ${result.zipPath}`);
      printAfterBuild(out, adviseAfterBuild(await loadCase(context.caseDir)));
    });
}

/** --sign: the key must be there; no flag: the key in PREUVE_HOME if any; --no-sign: none. */
async function openKeyForBuild(
  options: BuildOptions,
  context: CliContext,
): Promise<SigningKey | undefined> {
  if (options.sign === false) return undefined;
  const { defaultCasesHome } = await import('../../app/cases.js');
  const { openDefaultKey, openRequiredKey } = await import('../../app/key-open.js');
  const { readKeyPassphrase } = await import('../key-passphrase.js');
  const home = defaultCasesHome(context.env);
  const readPassphrase = () => readKeyPassphrase(context.env, context.canPrompt, 'sign');
  if (options.sign) return openRequiredKey({ home, readPassphrase });
  return openDefaultKey({ home, readPassphrase });
}

/** `preuve build --spec`: the spec decides everything; the case folder is --case, or ./<name>. */
async function buildFromSpec(options: BuildOptions, context: CliContext): Promise<void> {
  for (const [flag, value] of [
    ['--out', options.out],
    ['--encrypt', options.encrypt],
    ['--passphrase-file', options.passphraseFile],
  ] as const) {
    if (value) {
      throw new UsageError({ code: 'error.cli.build.flagWithSpec', params: { flag } });
    }
  }
  const { loadCaseSpec } = await import('../../app/spec/load.js');
  const { applySpec } = await import('../../app/spec/apply.js');
  const loaded = await loadCaseSpec(options.spec!);
  const isCaseGiven = Boolean(options.case ?? context.env.PREUVE_CASE);
  const result = await applySpec(loaded, {
    caseDir: isCaseGiven ? context.caseDir : resolve(loaded.name),
    operator: context.operator,
    clock: context.clock,
    toolVersion: readToolVersion(),
    env: context.env,
    signal: context.signal,
    onProgress: (message: string) => context.output.progress(`${message}…`),
    ...(options.force ? { force: true } : {}),
  });
  const out = context.output;
  out.endProgress();
  if (out.isJson) {
    out.json(result);
    return;
  }
  out.info(
    `Case ${result.reference} in ${result.caseDir}${result.isNewCase ? ' (created)' : ''}: ${result.added.length} exhibit(s) added${result.duplicates > 0 ? `, ${result.duplicates} already there` : ''}${result.isFactsUpdated ? ', facts updated' : ''}.`,
  );
  out.info(
    `  ZIP: ${result.dossier.zipPath}${result.dossier.isUnchanged ? '  (unchanged since the last build)' : ''}`,
  );
  out.info(
    result.dossier.pdfPath
      ? `  PDF: ${result.dossier.pdfPath}  (${result.dossier.pages} pages)`
      : `  PDF: only inside the encrypted ZIP (data/dossier.pdf, ${result.dossier.pages} pages)`,
  );
  out.info(
    `  ${result.dossier.exhibitCount} exhibit(s); fingerprint ${result.dossier.fingerprint}`,
  );
  if (result.dossier.bag) {
    for (const line of describeEncryptedBag({ reference: result.reference, ...result.dossier }))
      out.info(line);
  }
}

/**
 * What the investigators get from an encrypted dossier and how the fingerprint is checked there:
 * it covers the same file as for a plain dossier, inside the bag that `7z x` gives.
 */
function describeEncryptedBag(result: {
  reference: string;
  zipPath: string;
  fingerprint: string;
  bag?: { entryName: string; sha256: string };
}): string[] {
  if (!result.bag) return [];
  const { entryName, sha256 } = result.bag;
  return [
    `  Without the passphrase the ZIP shows one name only, ${entryName}: the dossier's file names are hidden.`,
    `  Inside: ${entryName}, the dossier's BagIt ZIP (SHA-256 ${sha256}).`,
    `  The fingerprint is the SHA-256 of ${result.reference}/data/evidence-manifest.txt inside it, as for an unencrypted dossier.`,
    `  To check it: 7z x ${basename(result.zipPath)}, unzip ${entryName}; then sha256sum ${result.reference}/data/evidence-manifest.txt prints it;`,
    `  or, without extracting: preuve verify ${basename(result.zipPath)} (with the passphrase).`,
  ];
}
