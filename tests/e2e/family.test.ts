import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo } from '../helpers/demo-case.js';
import { requireTool } from '../helpers/tools.js';
import { extractZip } from '../helpers/zip.js';

let root: string;
let home: string;
let demoDir: string;
let bareDir: string;
let demoFingerprint: string;
/** What `build --no-sign` of the demo copy printed (no key in PREUVE_HOME yet). */
let demoBuild: ReturnType<typeof runPreuve>;
/** The import of the bare case's facts (a procureur, no threat, no intimate image). */
let bareFactsImport: ReturnType<typeof runPreuve>;
/** What the bare case's build printed, once those facts were imported. */
let bareBuild: ReturnType<typeof runPreuve> | undefined;
const PASSPHRASE = 'quatre mots au hasard';

/** A case of three bare screenshots (no date in their names), as a parent brings them. */
async function makeBareCase(dir: string): Promise<void> {
  const captures = join(root, 'captures');
  mkdirSync(captures, { recursive: true });
  for (const [index, red] of [200, 220, 240].entries()) {
    await sharp({
      create: { width: 90, height: 160, channels: 3, background: { r: red, g: 230, b: 240 } },
    })
      .png()
      .toFile(join(captures, `capture-${index + 1}.png`));
  }
  // init in this process; the add of the screenshots spawned.
  expect((await runPreuveInProcess(['init', dir, '--yes'])).code).toBe(0);
  const added = runPreuve([
    'add',
    join(captures, 'capture-1.png'),
    join(captures, 'capture-2.png'),
    join(captures, 'capture-3.png'),
    '--case',
    dir,
    '--yes',
  ]);
  expect(added.code, added.stderr).toBe(0);
}

beforeAll(async () => {
  root = makeTempDir();
  home = join(root, 'home');
  demoDir = join(root, 'demo');
  bareDir = join(root, 'bare');
  // The demo never writes to PREUVE_HOME: the run's copy is the case it would build here.
  copyDemo(demoDir);
  // One build of each case, whose output several tests read: what build says and writes.
  demoBuild = runPreuve(['build', '--case', demoDir, '--no-sign'], {
    env: { PREUVE_HOME: home },
  });
  demoFingerprint = /fingerprint ([0-9a-f]{64})/.exec(demoBuild.stdout)![1]!;
  await makeBareCase(bareDir);
}, 120_000);

/**
 * The bare case with the facts of a complaint to the procureur, built (once, when first asked):
 * the import in this process, the build spawned.
 */
async function buildBareWithFacts(): Promise<ReturnType<typeof runPreuve>> {
  if (bareBuild) return bareBuild;
  const facts = join(root, 'facts.yaml');
  writeFileSync(
    facts,
    [
      'victim: { firstName: Léa, ageAtTheTime: 14 }',
      'complainant: { name: Sophie Exemple, linkToVictim: mère, phone: "+33 6 00 00 00 12" }',
      'recipient: { kind: procureur }',
      'firstContactDate: 2026-11-02',
      'authorIdentifiers: [{ platform: Snapchat, handle: "inconnu_77" }]',
      '',
    ].join('\n'),
  );
  bareFactsImport = await runPreuveInProcess(['facts', 'import', facts, '--case', bareDir], {
    env: env(),
  });
  bareBuild = runPreuve(['build', '--case', bareDir], { env: env() });
  return bareBuild;
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const env = () => ({ PREUVE_HOME: home });

describe('preuve check', () => {
  it('on the demo case, nothing essential is missing (exit 0)', async () => {
    const result = runPreuve(['check', '--case', demoDir, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.essentialCount).toBe(0);
    expect(report.gaps.every((gap: { level: string }) => gap.level === 'useful')).toBe(true);
    // The same check for a reader with the CLI in this process.
    const human = await runPreuveInProcess(['check', '--case', demoDir], { env: env() });
    expect(human.stdout).toContain("Rien d'essentiel ne manque.");
  });

  it('on three bare screenshots, it lists the profile, the export and the receipt, with stable codes', async () => {
    const result = runPreuve(['check', '--case', bareDir, '--json'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    const codes = JSON.parse(result.stdout).gaps.map((gap: { code: string }) => gap.code);
    for (const code of [
      'author.profile',
      'author.identifier',
      'conversation.whole',
      'payment.receipt',
      'screenshot.date',
      'representative.details',
    ])
      expect(codes).toContain(code);
    const human = await runPreuveInProcess(['check', '--case', bareDir], { env: env() });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("Une capture du profil de l'auteur");
    expect(human.stdout).toContain('Exportez la conversation');
  });
});

describe('the complaint letter to the procureur', () => {
  it('is built from the facts only, with blanks where facts are missing, and the bordereau', async (context) => {
    const build = await buildBareWithFacts();
    expect(bareFactsImport.code, bareFactsImport.stderr).toBe(0);
    expect(build.code, build.stderr).toBe(0);
    const reference = JSON.parse(readFileSync(join(bareDir, 'case.json'), 'utf8')).reference;
    const letter = join(bareDir, 'out', `${reference}-lettre.pdf`);
    expect(build.stdout).toContain(letter);
    // The letter was built above; reading it back needs qpdf and pdftotext.
    requireTool(context, 'qpdf', 'pdftotext');
    expect(spawnSync('qpdf', ['--check', letter]).status).toBe(0);
    const text = execFileSync('pdftotext', [letter, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('procureur de la République');
    expect(text).toContain('Je soussigné(e) Sophie Exemple, mère de Léa, âgé(e) de 14 ans');
    expect(text).toContain('je dépose plainte contre X, qui a utilisé inconnu_77 (Snapchat)');
    expect(text).toContain('Qualifications possibles, à apprécier par les enquêteurs');
    expect(text).toContain('Bordereau des pièces');
    for (const id of ['P1', 'P2', 'P3']) expect(text).toContain(id);
    // No address was given: a blank to fill, never an invented one.
    expect(text).toContain('Mes coordonnées : …… ; téléphone : +33 6 00 00 00 12 ; courriel : ……');
    expect(text).toContain('À ……, le ……');
    expect(text).toContain('service-public.gouv.fr');
  });

  it('is written on demand with --letter for another recipient, and not otherwise', () => {
    expect(demoBuild.code, demoBuild.stderr).toBe(0);
    expect(demoBuild.stdout).not.toContain('lettre');
    const result = runPreuve(['build', '--case', demoDir, '--no-sign', '--letter'], { env: env() });
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(demoDir, 'out', 'PRV-20261121-DEMO-lettre.pdf')).size).toBeGreaterThan(
      1000,
    );
  });
});

describe('takedown advice', () => {
  it('names Take It Down and the 3018 when an intimate image was recorded, after the build and in the PDF', (context) => {
    const result = demoBuild;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Take It Down');
    expect(result.stdout).toContain("l'image ne quitte jamais l'appareil");
    requireTool(context, 'pdftotext');
    const pdf = execFileSync('pdftotext', [join(demoDir, 'out', 'PRV-20261121-DEMO.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(pdf).toContain('Faire retirer les images');
    expect(pdf).toContain('Take It Down');
  });

  it('stays silent when neither an intimate image nor a threat is recorded', async () => {
    const result = await buildBareWithFacts();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('Take It Down');
  });
});

describe("the operator's signature", () => {
  const signedEnv = () => ({ PREUVE_HOME: home, PREUVE_PASSPHRASE: PASSPHRASE });
  const zip = () => join(demoDir, 'out', 'PRV-20261121-DEMO.zip');

  it('key create makes an encrypted Ed25519 key, 0600, and refuses to replace it', async () => {
    const created = runPreuve(
      ['key', 'create', '--operator', 'Sam Martin', '--organisation', 'Association Exemple Aide'],
      { env: signedEnv() },
    );
    expect(created.code, created.stderr).toBe(0);
    const key = join(home, 'keys', 'operator-ed25519.key.pem');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(readFileSync(key, 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    // The refusal with the CLI in this process.
    expect(
      (
        await runPreuveInProcess(['key', 'create', '--operator', 'Sam Martin'], {
          env: signedEnv(),
        })
      ).code,
    ).toBe(2);
  });

  it('build signs with the default key; verify says who signed; the fingerprint is unchanged', async (context) => {
    const wrong = runPreuve(['build', '--case', demoDir, '--force'], {
      env: { ...env(), PREUVE_PASSPHRASE: 'pas la bonne phrase' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wrong passphrase');
    const build = runPreuve(['build', '--case', demoDir, '--force'], { env: signedEnv() });
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain(`fingerprint ${demoFingerprint}`);
    expect(build.stdout).toContain('signed by Sam Martin, Association Exemple Aide');
    // The builds spawned, the verify after them with the CLI in this process.
    const verify = await runPreuveInProcess(['verify', zip()], { env: env() });
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain('Signé par Sam Martin, Association Exemple Aide (clé Ed25519');
    requireTool(context, 'pdftotext');
    const pdf = execFileSync('pdftotext', [join(demoDir, 'out', 'PRV-20261121-DEMO.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(pdf).toContain('Signé par');
  });

  it('the README command checks it with openssl alone; one byte changed in the manifest fails both', (context) => {
    requireTool(context, 'openssl');
    const bag = join(root, 'unzipped');
    extractZip(zip(), bag);
    const top = join(bag, 'PRV-20261121-DEMO');
    const openssl = () =>
      spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'data/signature/public-key.pem',
          '-rawin',
          '-in',
          'data/evidence-manifest.txt',
          '-sigfile',
          'data/signature/signature.bin',
        ],
        { cwd: top, encoding: 'utf8' },
      );
    const good = openssl();
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('Signature Verified Successfully');
    const manifest = join(top, 'data', 'evidence-manifest.txt');
    const bytes = readFileSync(manifest);
    bytes[10] = bytes[10]! ^ 1;
    writeFileSync(manifest, bytes);
    expect(openssl().status).not.toBe(0);
    const verify = runPreuve(['verify', top, '--lang', 'en'], { env: env() });
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('Operator signature: the signature does not match');
  });

  it('--no-sign builds an unsigned dossier that stays valid', async () => {
    expect(
      runPreuve(['build', '--case', demoDir, '--force', '--no-sign'], { env: env() }).code,
    ).toBe(0);
    const verify = await runPreuveInProcess(['verify', zip(), '--json'], { env: env() });
    expect(verify.code).toBe(0);
    const report = JSON.parse(verify.stdout);
    expect(report.checks).toContainEqual({
      name: 'operator signature',
      ok: true,
      detail: 'not signed',
      code: 'verify.check.notSigned',
      params: {},
    });
  });
});
