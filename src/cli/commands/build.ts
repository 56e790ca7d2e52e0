import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { SigningKey } from '../../app/key-open.js';
import { UsageError } from '../../model/errors.js';
import { readCatalogue, renderMessage } from '../../model/messages.js';
import { type CliContext, createContext, type GlobalOptions } from '../context.js';
import { sayHelp } from '../help-language.js';
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
    .description(sayHelp('cli.help.build.description'))
    .option('--out <file.zip>', sayHelp('cli.help.build.option.out'))
    .option('--force', sayHelp('cli.help.build.option.force'))
    .option('--encrypt', sayHelp('cli.help.build.option.encrypt'))
    .option('--passphrase-file <file>', sayHelp('cli.help.build.option.passphrase-file'))
    .option('--sign', sayHelp('cli.help.build.option.sign'))
    .option('--no-sign', sayHelp('cli.help.build.option.no-sign'))
    .option('--letter', sayHelp('cli.help.build.option.letter'))
    .option('--spec <file>', sayHelp('cli.help.build.option.spec'))
    .addHelpText('after', `\n${sayHelp('cli.help.build.after')}`)
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
        onProgress: (step) => context.output.progress(sayStep(context, step)),
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
      const say = context.say;
      out.info(
        say(result.isUnchanged ? 'cli.build.dossierUnchanged' : 'cli.build.dossier', {
          reference: result.reference,
        }),
      );
      out.info(describePdf(say, result.pdfPath, result.pages));
      out.info(
        say(result.isEncrypted ? 'cli.build.zipEncrypted' : 'cli.build.zip', {
          path: result.zipPath,
        }),
      );
      out.info(
        say('cli.build.fingerprint', {
          count: result.exhibitCount,
          fingerprint: result.fingerprint,
        }),
      );
      if (result.bag) for (const line of describeEncryptedBag(say, result)) out.info(line);
      if (result.letterPath) out.info(say('cli.build.letter', { path: result.letterPath }));
      if (result.signedBy)
        out.info(
          say('cli.build.signedBy', {
            who: [result.signedBy.name, result.signedBy.organisation].filter(Boolean).join(', '),
            key: groupFingerprint(result.signedBy.keyFingerprint),
          }),
        );
      out.info(say('cli.build.checkIt', { path: result.zipPath }));
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
    onProgress: (message) => context.output.progress(renderMessage(context.language, message)),
    ...(options.force ? { force: true } : {}),
  });
  const out = context.output;
  out.endProgress();
  if (out.isJson) {
    out.json(result);
    return;
  }
  const say = context.say;
  const changes = [say('cli.add.summary.added', { count: result.added.length })];
  if (result.duplicates > 0)
    changes.push(say('cli.build.spec.duplicates', { count: result.duplicates }));
  if (result.isFactsUpdated) changes.push(say('cli.build.spec.factsUpdated'));
  out.info(
    say(result.isNewCase ? 'cli.build.spec.caseCreated' : 'cli.build.spec.case', {
      reference: result.reference,
      caseDir: result.caseDir,
      changes: changes.join(', '),
    }),
  );
  out.info(
    say(result.dossier.isUnchanged ? 'cli.build.spec.zipUnchanged' : 'cli.build.zip', {
      path: result.dossier.zipPath,
    }),
  );
  out.info(describePdf(say, result.dossier.pdfPath, result.dossier.pages));
  out.info(
    say('cli.build.fingerprint', {
      count: result.dossier.exhibitCount,
      fingerprint: result.dossier.fingerprint,
    }),
  );
  if (result.dossier.bag) {
    for (const line of describeEncryptedBag(say, {
      reference: result.reference,
      ...result.dossier,
    }))
      out.info(line);
  }
}

/**
 * What the investigators get from an encrypted dossier and how the fingerprint is checked there:
 * it covers the same file as for a plain dossier, inside the bag that `7z x` gives.
 */
function describeEncryptedBag(
  say: CliContext['say'],
  result: {
    reference: string;
    zipPath: string;
    fingerprint: string;
    bag?: { entryName: string; sha256: string };
  },
): string[] {
  if (!result.bag) return [];
  const params = {
    entryName: result.bag.entryName,
    sha256: result.bag.sha256,
    reference: result.reference,
    zip: basename(result.zipPath),
  };
  return [1, 2, 3, 4, 5].map((line) => say(`cli.build.encrypted.${line}`, params));
}

/** Where the PDF is: beside the ZIP, or only inside it when the dossier is encrypted. */
function describePdf(
  say: CliContext['say'],
  path: string | null | undefined,
  pages: number,
): string {
  return path ? say('cli.build.pdf', { path, pages }) : say('cli.build.pdfInside', { pages });
}

/** A step of the build ("writing the PDF") in the command's language, as the wizard says it. */
function sayStep(context: CliContext, step: string): string {
  const code = `cli.build.step.${step.replace(/\s+/g, '-')}`;
  return code in readCatalogue(context.language) ? context.say(code) : `${step}…`;
}
