import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../src/model/messages.js';
import { makeTempDir, type RunResult, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { goodSpec } from './batch-specs.js';

const root = makeTempDir();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FRENCH = { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** Text with its white space removed, so that a line broken by the terminal still matches. */
const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * The fixed parts of the English catalogue's terminal sentences (the CLI's lines, verify's
 * findings, skipped files, custody and timestamp problems), long enough to be sentences and absent
 * from the French catalogue, plus commander's own English words.
 */
function englishSentences(): string[] {
  const french = squash(Object.values(readCatalogue('fr')).join('\n'));
  const catalogue = Object.entries(readCatalogue('en'))
    .filter(([code]) => /^(cli|verify|evidence|custody|timestamp|stamp|error|bag|zip)\./.test(code))
    .flatMap(([, template]) => template.split(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/))
    .map(squash)
    .filter((part) => part.length >= 9 && !french.includes(part));
  // ("Options:" is French too once squashed: the help test checks it unsquashed.)
  const commander = ['Usage:', 'Commands:', 'displayhelpforcommand', 'error:'];
  return [...new Set([...catalogue, ...commander])];
}

/** Every English sentence of the catalogue found in these runs' output. */
function findEnglish(runs: readonly RunResult[]): string[] {
  const said = squash(runs.map((run) => run.stdout + run.stderr).join('\n'));
  return englishSentences().filter((sentence) => said.includes(sentence));
}

/** What `verify --json` says in words (its summary and check details; `message` stays English). */
function jsonWords(run: RunResult): RunResult {
  const report = JSON.parse(run.stdout) as {
    summary: string;
    checks: { detail?: string }[];
  };
  const words = [report.summary, ...report.checks.map((check) => check.detail ?? '')];
  return { ...run, stdout: words.join('\n'), stderr: '' };
}

describe('the commands speak the reader language (regression: English sentences for a French user)', () => {
  it('a bad flag: French under a French locale, English with --lang en, same exit code and code', async () => {
    const fr = runPreuve(['add', 'x', '--kind', 'photo', '--json'], { env: FRENCH });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('preuve: --kind photo : choisissez parmi image, conversation');
    expect(JSON.parse(fr.stdout)).toEqual({
      error: {
        message: expect.stringMatching(/^--kind photo : choisissez/),
        exitCode: 2,
        code: 'usage',
      },
    });
    // The English run with the CLI in this process (the French one spawned).
    const en = await runPreuveInProcess(['add', 'x', '--kind', 'photo', '--lang', 'en'], {
      env: FRENCH,
    });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('preuve: --kind photo: choose one of image, conversation');
  });

  it('batch: the JSON lines keep their shape and stable code, the message and the summary are French', async () => {
    const specs = join(root, 'specs');
    mkdirSync(specs, { recursive: true });
    // Two specs naming the same case folder: both refused before anything is built.
    writeFileSync(join(specs, 'a.yaml'), goodSpec(specs, 1));
    writeFileSync(join(specs, 'b.yaml'), goodSpec(specs, 1));
    const run = runPreuve(['batch', specs, '--out', join(root, 'out'), '--json'], { env: FRENCH });
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].error).toEqual({
      exitCode: 2,
      code: 'batch.duplicate-name',
      message: expect.stringContaining(
        "le nom de dossier d'affaire « famille-01 » est utilisé par 2 spécifications",
      ),
    });
    expect(run.stderr).toContain('0 sur 2 affaires construites, 2 en échec');
    const english = await runPreuveInProcess([
      'batch',
      specs,
      '--out',
      join(root, 'out'),
      '--lang',
      'en',
    ]);
    const said = english.stdout + english.stderr;
    expect(said).toContain('the case folder name "famille-01" is used by 2 specs');
    expect(said).toContain('0 of 2 cases built, 2 failed');
  });
});

describe('a French terminal never shows English (regression: add, list, show, stamp, verify and commander spoke English)', () => {
  const caseDir = join(root, 'cas-fr');
  const run = (args: readonly string[], env: Record<string, string> = FRENCH) =>
    runPreuve(['--case', caseDir, ...args], { env });
  /** As run, with the CLI in this process: the commands around the spawned ones. */
  const here = (args: readonly string[], env: Record<string, string> = FRENCH) =>
    runPreuveInProcess(['--case', caseDir, ...args], { env });

  it('says add, list, show, stamp, verify and the usage errors in French', async () => {
    // The first add, build and the first verify spawned; init and the others in this process.
    const runs: RunResult[] = [];
    const keep = (result: RunResult) => {
      runs.push(result);
      return result;
    };
    expect(keep(await runPreuveInProcess(['init', caseDir], { env: FRENCH })).code).toBe(0);
    const added = keep(
      run([
        'add',
        join(FIXTURES, 'whatsapp', 'android-fr.txt'),
        join(FIXTURES, 'images', 'grey-64x64.heic'),
        join(FIXTURES, 'email', 'alternative.eml'),
      ]),
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('3 pièces ajoutées.');
    expect(added.stdout).toContain("(en-tête Date de l'e-mail)");
    const again = keep(await here(['add', join(FIXTURES, 'whatsapp', 'android-fr.txt')]));
    expect(again.stdout).toContain("déjà dans l'affaire (pièce P1, même contenu)");
    expect(again.stdout).toContain("0 pièce ajoutée, 1 déjà dans l'affaire.");
    const sensitive = keep(
      await here(['add', '--sensitive', '--description', 'Montage intime', '--where', 'Galerie']),
    );
    expect(sensitive.stdout).toContain('(description seule)  INTIME : non copiée');
    const list = keep(await here(['list']));
    expect(list.stdout).toMatch(/Affaire PRV-\d{8}-\w{4} \(.*\) : 4 pièces/);
    expect(list.stdout).toContain('(date du fichier)');
    const transcript = keep(await here(['show', 'P1']));
    expect(transcript.stdout).toContain('  Fichier : android-fr.txt  662 octets');
    expect(transcript.stdout).toContain('Déduit : dates lues comme jour/mois/année');
    expect(transcript.stdout).toContain('[média non exporté]');
    keep(await here(['show', 'P2']));
    const authorities = keep(await here(['stamp', '--tsa', 'list']));
    expect(authorities.stdout).toContain('Service gratuit tenu par un particulier');
    const request = keep(await here(['stamp', '--tsa', 'freetsa', '--dry-run']));
    expect(request.code, request.stderr).toBe(0);
    expect(request.stdout).toContain('demande écrite : timestamps/');
    const built = keep(run(['build']));
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/ {2}4 pièces ; empreinte [0-9a-f]{64}/);
    expect(built.stdout).toContain('Pour le vérifier à tout moment : preuve verify ');
    const intact = keep(run(['verify']));
    expect(intact.code).toBe(0);
    // A line of the custody log is changed: verify names it, in French, with no technical detail.
    appendFileSync(join(caseDir, 'custody.jsonl'), '{"seq":99}\n');
    const broken = keep(await here(['verify']));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      'custody.jsonl : le journal de traçabilité a été modifié : la ligne 8 porte le numéro 99 au lieu de 8.',
    );
    expect(broken.stdout).not.toContain('détail technique');
    // Not kept: each finding's `message` stays English in the JSON, beside its code.
    const json = await here(['verify', '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.summary).toMatch(/^ÉCHEC : custody\.jsonl : le journal/);
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: 'custody chain', ok: false, detail: '8 entrées' }),
    );
    expect(report.findings[0]).toMatchObject({
      code: 'verify.custody.broken',
      message: 'custody.jsonl line 8 has sequence number 99, expected 8.',
    });
    const unknown = keep(await here(['list', '--foo']));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('erreur : option inconnue : --foo');
    const missing = keep(await here(['show']));
    expect(missing.stderr).toContain("erreur : il manque l'argument obligatoire « exhibit »");
    const scripted = keep(await here(['show', '--json']));
    expect(JSON.parse(scripted.stdout).error).toEqual({
      message: "il manque l'argument obligatoire « exhibit »",
      exitCode: 2,
      code: 'usage',
    });
    const help = keep(await here(['show', '--help']));
    expect(help.stdout).toContain("afficher l'aide de la commande");
    expect(help.stdout).toMatch(/^Options :$/m);
    expect(help.stdout).toContain(
      'afficher une pièce : une conversation en retranscription lisible',
    );
    const addHelp = keep(await here(['add', '--help']));
    expect(addHelp.stdout).toContain('une image intime ou sexuelle, même truquée');
    expect(findEnglish(runs)).toEqual([]);
  });

  it('keeps the English lines as they were under --lang en', async () => {
    const list = run(['--lang', 'en', 'list']);
    expect(list.stdout).toMatch(/Case PRV-\d{8}-\w{4} \(.*\): 4 exhibits/);
    expect(list.stdout).toContain('(description only)  SENSITIVE: not copied');
    expect(list.stdout).toContain('(e-mail Date header)');
    // The list spawned, the others with the CLI in this process.
    const json = JSON.parse((await here(['--lang', 'en', 'verify', '--json'])).stdout);
    expect(json.summary).toBe('FAILED: custody.jsonl line 8 has sequence number 99, expected 8.');
    expect(json.checks).toContainEqual(
      expect.objectContaining({ name: 'custody chain', detail: '8 entries' }),
    );
    const unknown = await here(['--lang', 'en', 'list', '--foo']);
    expect(unknown.stderr).toContain("error: unknown option '--foo'");
  });
});

describe('a French terminal never shows English: timestamps, BagIt and ZIP problems, verify --json (regression: English token problems, check details and summary)', () => {
  const caseDir = join(root, 'cas-horodatage');
  const run = (args: readonly string[]) => runPreuve(['--case', caseDir, ...args], { env: FRENCH });
  /** As run, with the CLI in this process: the case's making and the commands around the spawned ones. */
  const here = (args: readonly string[]) =>
    runPreuveInProcess(['--case', caseDir, ...args], { env: FRENCH });

  it('says a damaged timestamp, a damaged or cut ZIP and the JSON details in French', async () => {
    const runs: RunResult[] = [];
    const keep = (result: RunResult) => {
      runs.push(result);
      return result;
    };
    // The verify of the damaged ZIP and of the case with a bad token spawned; init, add, build and
    // the other commands in this process (the same commands, one start-up less each).
    expect(keep(await runPreuveInProcess(['init', caseDir], { env: FRENCH })).code).toBe(0);
    expect(keep(await here(['add', join(FIXTURES, 'whatsapp', 'android-fr.txt')])).code).toBe(0);
    const built = keep(await here(['build']));
    expect(built.code, built.stderr).toBe(0);
    const zip = join(
      caseDir,
      'out',
      readdirSync(join(caseDir, 'out')).find((name) => name.endsWith('.zip'))!,
    );
    const caseJson = keep(jsonWords(await here(['verify', '--json'])));
    expect(caseJson.stdout).toMatch(/^Vérification réussie : dossier PRV-/);
    expect(caseJson.stdout).toContain('1 fichier recalculé dans evidence/');
    const zipJson = keep(jsonWords(await here(['verify', zip, '--json'])));
    expect(zipJson.stdout).toContain('un seul dossier principal : PRV-');
    expect(zipJson.stdout).toMatch(/\d+ fichiers lus/);
    expect(zipJson.stdout).toContain('non signé');
    // The compressed data of LISEZMOI.txt damaged (its first bytes after the local header), then
    // the ZIP cut short.
    const bytes = readFileSync(zip);
    const header = bytes.indexOf('/data/LISEZMOI.txt');
    const nameStart = bytes.lastIndexOf(Buffer.from('504b0304', 'hex'), header);
    const dataStart =
      nameStart + 30 + bytes.readUInt16LE(nameStart + 26) + bytes.readUInt16LE(nameStart + 28);
    bytes.fill(0xff, dataStart, dataStart + 2);
    const damaged = join(root, 'abime.zip');
    writeFileSync(damaged, bytes);
    const unreadable = keep(run(['verify', damaged]));
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toContain(
      "data/LISEZMOI.txt n'a pas pu être lu : le fichier est abîmé, incomplet ou inaccessible.",
    );
    const cut = join(root, 'coupe.zip');
    writeFileSync(cut, readFileSync(zip).subarray(0, 2000));
    const truncated = keep(await here(['verify', cut]));
    expect(truncated.stdout).toContain(
      "n'est pas un ZIP lisible : ce n'est pas un ZIP, ou il est incomplet",
    );
    expect(keep(jsonWords(await here(['verify', cut, '--json']))).stdout).toContain('1 problème');
    // A timestamp answer that is not one, then a stored token that is not a token.
    expect(keep(await here(['stamp', '--tsa', 'freetsa', '--dry-run'])).code).toBe(0);
    const notAnswer = join(root, 'pas-une-reponse.tsr');
    writeFileSync(notAnswer, 'ceci n est pas un horodatage');
    const imported = keep(await here(['stamp', '--import', notAnswer]));
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain(
      "L'horodatage n'est pas valide : ce fichier n'est pas une réponse d'horodatage (.tsr).",
    );
    const recordFile = join(caseDir, 'timestamps', '01-freetsa.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8'));
    record.status = 'granted';
    record.files.response = '01-freetsa.tsr';
    writeFileSync(recordFile, JSON.stringify(record));
    // A DER SEQUENCE holding one INTEGER: DER, but no timestamp token.
    writeFileSync(join(caseDir, 'timestamps', '01-freetsa.tsr'), Buffer.from('3003020100', 'hex'));
    const stamped = keep(run(['verify']));
    expect(stamped.code).toBe(1);
    expect(stamped.stdout).toContain(
      "timestamps/01-freetsa.tsr : horodatage non valide : ce n'est pas un horodatage RFC 3161 (détail technique : ",
    );
    keep(jsonWords(await here(['verify', '--json'])));
    expect(findEnglish(runs)).toEqual([]);
  });
});
