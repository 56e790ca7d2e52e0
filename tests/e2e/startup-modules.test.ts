import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, runPreuve, TEST_ENV } from '../helpers/cli.js';

/**
 * Start-up (issue 13): a command loads its use case and libraries when it runs, so that --help,
 * --version and the commands that only read the case (list, show, cases) do not pay for the
 * image, PDF, ZIP, mail, OCR and certificate libraries. No timing here: the modules each run
 * loads are listed (tests/helpers/record-modules.mjs) and checked by name.
 */
const RECORDER = pathToFileURL(resolve(import.meta.dirname, '../helpers/record-modules.mjs')).href;
const FIXTURE = resolve(import.meta.dirname, '../fixtures/whatsapp/android-fr.txt');
const MARK = 'preuve-test-loaded-modules: ';

/** Libraries none of these runs may load (the ones that made every start take a second). */
const HEAVY = [
  'sharp',
  'pdfkit',
  'pdf-lib',
  'archiver',
  '@zip.js/zip.js',
  'yauzl',
  'mailparser',
  'heic-decode',
  'pkijs',
  'asn1js',
  'tesseract.js',
  'exifr',
  'file-type',
  'html-to-text',
  'htmlparser2',
  'libphonenumber-js',
  'csv-parse',
  'saxes',
  '@inquirer/prompts',
  'yaml',
];

/** The compiled folders a reading command may need: the CLI, the model, reading the case. */
const READING_AREAS = ['cli', 'model', 'app', 'case'];

interface Loaded {
  readonly packages: string[];
  /** dist/ files, as `area/file.js`. */
  readonly compiled: string[];
  /** The files of zod loaded: one, dist/node_modules/zod/index.js (scripts/bundle-zod.js). */
  readonly zodFiles: string[];
  /** The files of file-type loaded: one (scripts/bundle-libraries.js). */
  readonly fileTypeFiles: string[];
}

function runRecorded(
  args: readonly string[],
  env: Record<string, string>,
  expectedStatus = 0,
): Loaded {
  const result = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...args], {
    env: { ...process.env, ...TEST_ENV, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(result.status, result.stderr).toBe(expectedStatus);
  const line = result.stderr.split('\n').find((candidate) => candidate.startsWith(MARK));
  expect(line, result.stderr).toBeDefined();
  const names = (JSON.parse(line!.slice(MARK.length)) as string[]).map((name) =>
    name.replace(/^file:\/\//, ''),
  );
  const packages = new Set<string>();
  for (const name of names) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(name);
    if (match) packages.add(match[1]!);
  }
  const compiled = names.flatMap(
    (name) => /\/dist\/(?!node_modules\/)(.+\.js)$/.exec(name)?.[1] ?? [],
  );
  const zodFiles = names.filter((name) => /\/node_modules\/zod\//.test(name));
  const fileTypeFiles = names.filter((name) => /\/node_modules\/file-type\//.test(name));
  return { packages: [...packages].sort(), compiled, zodFiles, fileTypeFiles };
}

/** The files of src/cli/commands/ a run loaded. */
function commandFiles(loaded: Loaded): string[] {
  return loaded.compiled.flatMap((file) => /^cli\/commands\/(.+)$/.exec(file)?.[1] ?? []).sort();
}

describe('start-up loads only what the command needs', () => {
  let env: Record<string, string>;
  let caseDir: string;

  beforeAll(() => {
    const home = makeTempDir();
    caseDir = join(home, 'case');
    env = { PREUVE_HOME: home, PREUVE_CASE: caseDir };
    expect(runPreuve(['init', caseDir], { env }).code).toBe(0);
    const added = runPreuve(['add', FIXTURE, '--timezone', 'Europe/Paris', '--yes'], { env });
    expect(added.code, added.stderr).toBe(0);
  });

  it.each(['--help', '--version', '-h', '-V'])(
    'preuve %s loads no module: bin/preuve.js prints it (tests/e2e/startup-help.test.ts)',
    (command) => {
      const loaded = runRecorded([command], env);
      expect(loaded.packages).toEqual([]);
      expect(loaded.compiled).toEqual([]);
    },
  );

  it.each(['help', 'add --help', 'build --help'])(
    "preuve %s loads commander and the CLI only (add: and the formats' descriptors)",
    (command) => {
      const loaded = runRecorded(command.split(' '), env);
      expect(loaded.packages).toEqual(['commander']);
      const outside = loaded.compiled.filter(
        (file) => !file.startsWith('cli/') && !file.startsWith('model/'),
      );
      // `add --format` lists the formats' ids: the registry and their descriptors, no parser.
      const isDescriptor = (file: string) => /^chats\/formats\/[^/]+\/descriptor\.js$/.test(file);
      const listing = ['app/chat-formats.js', 'chats/registry.js'];
      expect(outside.filter((file) => !listing.includes(file) && !isDescriptor(file))).toEqual([]);
    },
  );

  it('preuve --quiet --version loads no command', () => {
    const loaded = runRecorded(['--quiet', '--version'], env);
    expect(loaded.packages).toEqual(['commander']);
    // main.js finds the wizard's default in the wizard command's file.
    expect(commandFiles(loaded)).toEqual(['wizard.js']);
  });

  it('preuve list loads the list command alone', () => {
    expect(commandFiles(runRecorded(['list'], env))).toEqual(['list.js', 'wizard.js']);
  });

  it.each(['list', 'show P1', 'cases', 'list --json'])(
    'preuve %s reads the case without the heavy libraries',
    (command) => {
      const loaded = runRecorded(command.split(' '), env);
      expect(loaded.packages.filter((name) => HEAVY.includes(name))).toEqual([]);
      const areas = new Set(loaded.compiled.map((file) => file.split('/')[0]!));
      // A WhatsApp transcript is read again from its hashed evidence copy (no 4.5x jsonl copy):
      // show then loads that one format's reader, and no other format's.
      const allowed = command.startsWith('show') ? [...READING_AREAS, 'chats'] : READING_AREAS;
      expect([...areas].filter((area) => !allowed.includes(area))).toEqual([]);
      // zod, the largest library these load, comes as one file (was 95: scripts/bundle-zod.js).
      expect(loaded.zodFiles.map((file) => file.replace(/^.*\/dist\//, 'dist/'))).toEqual([
        'dist/node_modules/zod/index.js',
      ]);
      // The registry's descriptors name every format; only WhatsApp's parser is loaded.
      const formats = loaded.compiled.filter(
        (file) => file.startsWith('chats/formats/') && !file.endsWith('/descriptor.js'),
      );
      expect(formats.filter((file) => !file.startsWith('chats/formats/whatsapp/'))).toEqual([]);
    },
  );

  it('preuve add of a text file asks every format and loads no parser', () => {
    const note = join(makeTempDir(), 'note.txt');
    writeFileSync(note, 'Note de la famille : le compte a écrit le 20 novembre.\n');
    const loaded = runRecorded(['add', note, '--timezone', 'Europe/Paris', '--yes'], env);
    // Every format's detect ran (a text file may be any of them); none found it, so none parsed.
    const detectors = loaded.compiled.filter((file) =>
      /^chats\/formats\/.+\/detect\.js$/.test(file),
    );
    expect(detectors.length).toBeGreaterThanOrEqual(10);
    expect(loaded.compiled.filter((file) => /^chats\/formats\/.+\/parse\.js$/.test(file))).toEqual(
      [],
    );
    const parsing = [
      'htmlparser2',
      'saxes',
      'csv-parse',
      'lossless-json',
      'html-to-text',
      'mailparser',
    ];
    expect(loaded.packages.filter((name) => parsing.includes(name))).toEqual([]);
  });

  // Issue 12: the heavy libraries are loaded where they are used, not by the command's first line.
  it('a refused build refuses before loading the PDF, ZIP, certificate and image libraries', () => {
    const loaded = runRecorded(['build', '--out', join(caseDir, 'custody.jsonl')], env, 2);
    expect(loaded.packages.filter((name) => HEAVY.includes(name))).toEqual([]);
  });

  it('verify of a case without a timestamp loads no certificate, PDF or image library', () => {
    const loaded = runRecorded(['verify'], env);
    const unneeded = ['pkijs', 'asn1js', 'pdfkit', 'pdf-lib', 'sharp', 'libphonenumber-js'];
    expect(loaded.packages.filter((name) => unneeded.includes(name))).toEqual([]);
  });

  it('add of a text file loads no parser of the other formats, no image or ZIP library', () => {
    const file = join(caseDir, '..', 'note.txt');
    writeFileSync(file, 'A note typed by the parent.\n');
    const loaded = runRecorded(['add', file, '--yes'], env);
    // file-type reads what every file is; the rest is for the files that need it.
    expect(loaded.packages.filter((name) => HEAVY.includes(name))).toEqual(['file-type']);
    // It comes as one file with what it imports (was about 40: scripts/bundle-libraries.js).
    expect(loaded.packages).not.toContain('strtok3');
    expect(loaded.fileTypeFiles.map((name) => name.replace(/^.*\/dist\//, 'dist/'))).toEqual([
      'dist/node_modules/file-type/index.js',
    ]);
  });
});
