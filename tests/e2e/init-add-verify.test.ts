import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256File, snapshotTree } from '../helpers/case-state.js';
import { makeTempDir, type RunResult, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { writeSampleEvidence } from '../helpers/evidence-files.js';
import { initCase, keepAsNewCase } from '../helpers/new-case.js';
import { requireTool } from '../helpers/tools.js';

function readCase(caseDir: string) {
  return JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
}

/**
 * A new case; `preuve init` itself runs for its own test, the others copy its result (the test
 * only reads the case it made).
 */
function newCase(isInitRun = false): { root: string; caseDir: string } {
  const root = makeTempDir();
  const caseDir = join(root, 'case');
  const args = ['--reference', 'PRV-20261130-7K3Q'];
  if (!isInitRun) return { root, caseDir: initCase(caseDir, args) };
  const result = runPreuve(['init', caseDir, ...args]);
  expect(result.code, result.stderr).toBe(0);
  keepAsNewCase(caseDir, args);
  return { root, caseDir };
}

describe('preuve init', () => {
  it('creates the case folder with private permissions and a first custody entry', () => {
    const { caseDir } = newCase(true);
    for (const dir of ['', 'evidence', 'derived', 'out']) {
      expect((statSync(join(caseDir, dir)).mode & 0o777).toString(8)).toBe('700');
    }
    for (const file of ['case.json', 'custody.jsonl']) {
      expect((statSync(join(caseDir, file)).mode & 0o777).toString(8)).toBe('600');
    }
    const caseFile = readCase(caseDir);
    expect(caseFile).toMatchObject({
      schemaVersion: 1,
      reference: 'PRV-20261130-7K3Q',
      language: 'fr',
      timeZone: 'Europe/Paris',
      operator: { name: 'Claire Martin (test)' },
      createdAt: '2026-11-30T09:15:00.000Z',
    });
    const [first] = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      seq: 1,
      action: 'init',
      operator: 'Claire Martin (test)',
      offset: '+01:00',
    });
  });

  it('makes a new reference of the form PRV-YYYYMMDD-XXXX and takes --operator', () => {
    const root = makeTempDir();
    const result = runPreuve(['init', join(root, 'c'), '--operator', 'Karim Benali', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.reference).toMatch(/^PRV-20261130-[2-9A-HJ-NP-Z]{4}$/);
    expect(json.operator).toBe('Karim Benali');
  });

  it('refuses a non-empty folder that is not a case, and an existing case', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'notes.txt'), 'x');
    const result = runPreuve(['init', root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not empty and is not a case \(it holds notes\.txt\)/);
    // The second refusal with the CLI in this process (the same command, one start-up less).
    const { caseDir } = newCase();
    const again = await runPreuveInProcess(['init', caseDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a case/);
  });
});

/**
 * A new case and the sample evidence folder, added by a spawned preuve as a user runs it: made once,
 * when first asked. The add tests read it; the verify test below damages a copy of the case.
 */
let sampleCase: ReturnType<typeof addSampleEvidence> | undefined;
function readSampleCase() {
  sampleCase ??= addSampleEvidence();
  return sampleCase;
}

async function addSampleEvidence() {
  const { root, caseDir } = newCase();
  const evidence = await writeSampleEvidence(join(root, 'Captures'));
  const before = snapshotTree(evidence);
  const firstRun = runPreuve([
    'add',
    '--case',
    caseDir,
    evidence,
    '--app',
    'Instagram',
    '--device',
    'iPhone de Léa',
  ]);
  return { caseDir, evidence, before, firstRun };
}

describe('preuve add', () => {
  let caseDir: string;
  let evidence: string;
  let before: Record<string, string>;
  let firstRun: ReturnType<typeof runPreuve>;

  beforeAll(async () => {
    ({ caseDir, evidence, before, firstRun } = await readSampleCase());
  });

  it('makes one exhibit per file, skipping OS litter and saying so', () => {
    expect(firstRun.code, firstRun.stderr).toBe(0);
    expect(firstRun.stdout).toMatch(/skipped .*\.DS_Store: system file/);
    const { exhibits, nextExhibitNumber } = readCase(caseDir);
    expect(exhibits.map((e: { number: number }) => e.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(nextExhibitNumber).toBe(7);
    expect(firstRun.stdout).toMatch(/6 exhibits added, 1 skipped/);
  });

  it('copies every file byte for byte, read-only, and leaves the originals untouched', () => {
    const { exhibits } = readCase(caseDir);
    for (const exhibit of exhibits) {
      const [file] = exhibit.files;
      const copy = join(caseDir, file.storedPath);
      expect(sha256File(copy)).toBe(file.sha256);
      expect(sha256File(file.sourcePath)).toBe(file.sha256);
      expect((lstatSync(copy).mode & 0o777).toString(8)).toBe('400');
      expect(file.storedPath).toMatch(new RegExp(`^evidence/P${exhibit.number}/`));
    }
    expect(snapshotTree(evidence)).toEqual(before);
  });

  it('records MIME from content, dimensions, EXIF and file-name times, mtime, ingest time and details', () => {
    const { exhibits } = readCase(caseDir);
    const byName = (name: string) =>
      exhibits.find((e: { files: { name: string }[] }) => e.files[0]!.name === name);
    const jpeg = byName('IMG_20240312_210455.jpg');
    expect(jpeg).toMatchObject({
      kind: 'image',
      app: 'Instagram',
      device: 'iPhone de Léa',
      image: { width: 400, height: 300, format: 'jpeg' },
    });
    expect(jpeg.files[0].mime).toBe('image/jpeg');
    expect(jpeg.times).toContainEqual(
      expect.objectContaining({
        source: 'exif',
        instant: '2024-03-12T20:04:55.000Z',
        offset: '+01:00',
      }),
    );
    const png = byName('Screenshot_20240312-210455.png');
    expect(png.times).toContainEqual(
      expect.objectContaining({
        source: 'file-name',
        wallClock: '2024-03-12T21:04:55',
        zone: 'Europe/Paris',
        isZoneAssumed: true,
        instant: '2024-03-12T20:04:55Z',
      }),
    );
    expect(png.times.some((t: { source: string }) => t.source === 'file-mtime')).toBe(true);
    expect(png.addedAt).toEqual({
      source: 'clock',
      instant: '2026-11-30T09:15:00.000Z',
      offset: '+01:00',
      zone: 'Europe/Paris',
      precision: 'ms',
    });
    expect(byName('capture.webp').files[0].mime).toBe('image/webp');
    expect(byName('recu-transcash.pdf')).toMatchObject({
      kind: 'document',
      files: [{ mime: 'application/pdf' }],
    });
    expect(byName('video.mp4')).toMatchObject({ kind: 'media' });
  });

  it('keeps and hashes an HEIC photo it cannot decode, and says so', () => {
    const heic = readCase(caseDir).exhibits.find(
      (e: { files: { name: string }[] }) => e.files[0]!.name === 'photo.heic',
    );
    expect(heic.kind).toBe('image');
    expect(heic.image.isUndecodable).toBe(true);
    expect(heic.notes.join(' ')).toMatch(
      /ne peut pas être affichée sur cet ordinateur \(photo HEIC/,
    );
    expect(firstRun.stdout).toMatch(/photo\.heic[\s\S]*note: L'image ne peut pas être affichée/);
  });

  it('does not add the same file twice and says which exhibit it is', () => {
    const again = runPreuve(['add', '--case', caseDir, join(evidence, 'capture.webp')]);
    expect(again.code).toBe(0);
    const webp = readCase(caseDir).exhibits.find(
      (e: { files: { name: string }[] }) => e.files[0]!.name === 'capture.webp',
    );
    expect(again.stdout).toContain(`already in the case as P${webp.number}`);
    expect(readCase(caseDir).exhibits).toHaveLength(6);
  });

  it('logs one custody entry per exhibit with its hashes, and verify passes', () => {
    const lines = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const adds = lines.filter((l: { action: string }) => l.action === 'add');
    expect(adds).toHaveLength(6);
    expect(adds[0].details.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const verify = runPreuve(['verify', caseDir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(
      /^Vérification réussie : dossier PRV-20261130-7K3Q, 6 pièces, 6 fichiers recalculés/m,
    );
  });

  it('lists the exhibits, in text and JSON', async () => {
    const list = runPreuve(['list', '--case', caseDir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/P1 +image +IMG_20240312_210455\.jpg +400×300/);
    const json = JSON.parse(
      (await runPreuveInProcess(['list', '--json', '--case', caseDir])).stdout,
    );
    expect(json.exhibits).toHaveLength(6);
  });
});

describe('preuve verify names what was changed', () => {
  it('exits 1 naming each evidence file whose byte was flipped, and a custody line that was edited', async () => {
    // A copy of the case the add tests made (the sample evidence added): its files are damaged.
    const sample = await readSampleCase();
    expect(sample.firstRun.code, sample.firstRun.stderr).toBe(0);
    const caseDir = join(makeTempDir(), 'case');
    cpSync(sample.caseDir, caseDir, { recursive: true, errorOnExist: true, force: false });
    const { exhibits } = readCase(caseDir);
    // The first file's French verify with a spawned preuve, the others with the CLI in this process.
    let verify: (args: string[]) => RunResult | Promise<RunResult> = runPreuve;
    for (const exhibit of exhibits) {
      const stored = exhibit.files[0].storedPath;
      const path = join(caseDir, stored);
      const original = readFileSync(path);
      const changed = Buffer.from(original);
      changed[Math.floor(changed.length / 2)]! ^= 0x01;
      chmodSync(path, 0o600);
      writeFileSync(path, changed);
      chmodSync(path, 0o400);
      const result = await verify(['verify', caseDir]);
      expect(result.code).toBe(1);
      // The case is French: so is the whole report, the sentence naming the change included.
      expect(result.stdout).toContain(`${stored} a changé : SHA-256`);
      expect(result.stdout).toContain(`attendu : ${exhibit.files[0].sha256}`);
      expect(result.stdout).not.toContain('has changed');
      verify = runPreuveInProcess;
      const english = await verify(['verify', caseDir, '--lang', 'en', '--json']);
      expect(JSON.parse(english.stdout).findings[0]).toMatchObject({
        code: 'verify.case.hashChanged',
        message: expect.stringContaining(`${stored} has changed: SHA-256`),
      });
      chmodSync(path, 0o600);
      writeFileSync(path, original);
      chmodSync(path, 0o400);
    }
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);

    const custody = join(caseDir, 'custody.jsonl');
    const text = readFileSync(custody, 'utf8');
    const lines = text.split('\n');
    lines[2] = lines[2]!.replace('"operator":"Claire Martin (test)"', '"operator":"Someone Else"');
    writeFileSync(custody, lines.join('\n'));
    const result = await runPreuveInProcess(['verify', caseDir, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings[0]).toMatchObject({ file: 'custody.jsonl:4', problem: 'chain-broken' });
  });

  it('names a file added by hand to evidence/ and a writable copy', async () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'a.txt'), 'a note\n');
    // The add in this process, the first verify spawned.
    expect((await runPreuveInProcess(['add', '--case', caseDir, join(root, 'a.txt')])).code).toBe(
      0,
    );
    writeFileSync(join(caseDir, 'evidence', 'P1', 'extra.png'), 'x');
    let result = runPreuve(['verify', caseDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "evidence/P1/extra.png est dans evidence/ mais aucune pièce ne l'enregistre",
    );
    const { rmSync } = await import('node:fs');
    rmSync(join(caseDir, 'evidence', 'P1', 'extra.png'));
    chmodSync(join(caseDir, 'evidence', 'P1', 'a.txt'), 0o644);
    // The second and third verify with the CLI in this process.
    result = await runPreuveInProcess(['verify', caseDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('evidence/P1/a.txt est modifiable');
    result = await runPreuveInProcess(['verify', caseDir, '--lang', 'en']);
    expect(result.stdout).toContain('evidence/P1/a.txt is writable');
  });
});

describe('preuve add --sensitive', () => {
  it('hashes the file where it is and copies no byte of it anywhere in the case', async () => {
    const { root, caseDir } = newCase();
    const sensitive = join(root, 'montage.jpg');
    const { default: sharp } = await import('sharp');
    await sharp({
      create: { width: 50, height: 50, channels: 3, background: { r: 255, g: 0, b: 0 } },
    })
      .jpeg()
      .toFile(sensitive);
    const bytes = readFileSync(sensitive);
    const result = runPreuve([
      'add',
      '--case',
      caseDir,
      sensitive,
      '--sensitive',
      '--description',
      'Montage intime envoyé par l’auteur',
      '--where',
      'Galerie, album Récents',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [exhibit] = readCase(caseDir).exhibits;
    expect(exhibit).toMatchObject({
      kind: 'sensitive',
      isSensitive: true,
      where: 'Galerie, album Récents',
      files: [{ sha256: sha256File(sensitive), isExcluded: true, excludedReason: 'sensitive' }],
    });
    expect(exhibit.files[0].storedPath).toBeUndefined();
    expect(exhibit.image).toBeUndefined();
    const { allBytesUnder } = await import('../helpers/case-state.js');
    const needle = bytes.subarray(0, 64);
    for (const buffer of allBytesUnder(caseDir)) expect(buffer.includes(needle)).toBe(false);
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  });

  it('requires a description, and records a description-only item without a path', async () => {
    const { caseDir } = newCase();
    const before = snapshotTree(caseDir);
    const missing = runPreuve(['add', '--case', caseDir, '--sensitive']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs a description/);
    expect(snapshotTree(caseDir)).toEqual(before);
    const only = await runPreuveInProcess([
      'add',
      '--case',
      caseDir,
      '--sensitive',
      '--description',
      'Photo intime montrée en appel vidéo, non enregistrée',
    ]);
    expect(only.code).toBe(0);
    expect(readCase(caseDir).exhibits[0]).toMatchObject({
      number: 1,
      kind: 'sensitive',
      isDescriptionOnly: true,
      files: [],
    });
  });
});

describe('bad input leaves the case unchanged', () => {
  it('a missing path: exit 2, named, nothing copied even for the good paths given with it', () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'ok.txt'), 'ok\n');
    const before = snapshotTree(caseDir);
    const result = runPreuve([
      'add',
      '--case',
      caseDir,
      join(root, 'ok.txt'),
      join(root, 'nope.png'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.png: no such file or folder/);
    expect(snapshotTree(caseDir)).toEqual(before);
  });

  it('an empty folder: exit 2', () => {
    const { root, caseDir } = newCase();
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, 'empty', 'Thumbs.db'), 'x');
    const before = snapshotTree(caseDir);
    const result = runPreuve(['add', '--case', caseDir, join(root, 'empty')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the folder holds no file to add \(only Thumbs\.db, skipped\)/);
    expect(snapshotTree(caseDir)).toEqual(before);
  });

  it('a named pipe given directly: exit 1; inside a folder: skipped and said', async (context) => {
    requireTool(context, 'mkfifo');
    const { root, caseDir } = newCase();
    const { execFileSync } = await import('node:child_process');
    mkdirSync(join(root, 'dir'));
    execFileSync('mkfifo', [join(root, 'dir', 'pipe')]);
    writeFileSync(join(root, 'dir', 'note.txt'), 'note\n');
    const before = snapshotTree(caseDir);
    const direct = runPreuve(['add', '--case', caseDir, join(root, 'dir', 'pipe')]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/pipe: is not a regular file \(a named pipe\)/);
    expect(snapshotTree(caseDir)).toEqual(before);
    const folder = runPreuve(['add', '--case', caseDir, join(root, 'dir')]);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toMatch(/skipped .*pipe: is not a regular file/);
    expect(readCase(caseDir).exhibits).toHaveLength(1);
  });

  it('a symlink to a file is followed and said; a dangling one is refused', async () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'real.txt'), 'real\n');
    symlinkSync(join(root, 'real.txt'), join(root, 'link.txt'));
    symlinkSync(join(root, 'gone.txt'), join(root, 'dangling.txt'));
    const dangling = runPreuve(['add', '--case', caseDir, join(root, 'dangling.txt')]);
    expect(dangling.code).toBe(1);
    expect(dangling.stderr).toMatch(/dangling\.txt: is a link to a file that does not exist/);
    const link = await runPreuveInProcess(['add', '--case', caseDir, join(root, 'link.txt')]);
    expect(link.code).toBe(0);
    expect(readCase(caseDir).exhibits[0].notes.join(' ')).toMatch(
      /Donné sous forme de lien \(.*link\.txt\).*\(.*real\.txt\) qui a été copié/,
    );
  });

  it('a zero-byte file is accepted and flagged', () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'empty.png'), '');
    const result = runPreuve(['add', '--case', caseDir, join(root, 'empty.png')]);
    expect(result.code).toBe(0);
    expect(readCase(caseDir).exhibits[0]).toMatchObject({
      files: [{ size: 0 }],
      notes: [expect.stringMatching(/^Le fichier est vide \(0 octet\) : .*Copiez-le de nouveau/)],
    });
  });

  it('a locked case: exit 1 naming the other process, nothing changed', () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'a.txt'), 'a\n');
    const { hostname } = require('node:os') as typeof import('node:os');
    writeFileSync(
      join(caseDir, '.preuve.lock'),
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        since: '2026-11-30T09:00:00Z',
        command: 'add',
      }),
    );
    const before = snapshotTree(caseDir);
    const result = runPreuve(['add', '--case', caseDir, join(root, 'a.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`in use by another preuve command \\("add", process ${process.pid}`),
    );
    expect(snapshotTree(caseDir)).toEqual(before);
  });

  it('a stale lock of a dead process is taken over', () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'a.txt'), 'a\n');
    const { hostname } = require('node:os') as typeof import('node:os');
    writeFileSync(
      join(caseDir, '.preuve.lock'),
      JSON.stringify({
        pid: 2 ** 22 + 17,
        host: hostname(),
        since: '2026-11-30T09:00:00Z',
        command: 'add',
      }),
    );
    expect(runPreuve(['add', '--case', caseDir, join(root, 'a.txt')]).code).toBe(0);
    expect(existsSync(join(caseDir, '.preuve.lock'))).toBe(false);
  });

  it('not a case, a newer schema, a corrupt case.json, an edited custody log: clear errors, nothing changed', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'a.txt'), 'a\n');
    const notCase = runPreuve(['add', '--case', root, join(root, 'a.txt')]);
    expect(notCase.code).toBe(2);
    expect(notCase.stderr).toMatch(
      /is not a case folder \(no case\.json\)\. Create one with "preuve init/,
    );

    const { caseDir } = newCase();
    const caseJson = join(caseDir, 'case.json');
    const good = readFileSync(caseJson, 'utf8');
    writeFileSync(caseJson, good.replace('"schemaVersion": 1', '"schemaVersion": 7'));
    let before = snapshotTree(caseDir);
    // The first refusal with a spawned preuve, the others with the CLI in this process.
    let result = await runPreuveInProcess(['add', '--case', caseDir, join(root, 'a.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /written by a newer preuve \(case format 7; this preuve reads up to 1\)/,
    );
    expect(snapshotTree(caseDir)).toEqual(before);

    writeFileSync(caseJson, good.slice(0, 60));
    before = snapshotTree(caseDir);
    result = await runPreuveInProcess(['add', '--case', caseDir, join(root, 'a.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/case\.json is corrupt \(not valid JSON/);
    expect(snapshotTree(caseDir)).toEqual(before);

    writeFileSync(caseJson, good.replace('"language": "fr"', '"language": "xx"'));
    result = await runPreuveInProcess(['list', '--case', caseDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not have the expected content \(language:/);

    writeFileSync(caseJson, good);
    const custody = join(caseDir, 'custody.jsonl');
    writeFileSync(
      custody,
      readFileSync(custody, 'utf8').replace('"init"', '"edit"') + readFileSync(custody, 'utf8'),
    );
    before = snapshotTree(caseDir);
    result = await runPreuveInProcess(['add', '--case', caseDir, join(root, 'a.txt')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /custody\.jsonl: line 2 has sequence number 1, expected 2\. The custody log must not be edited by hand/,
    );
    expect(snapshotTree(caseDir)).toEqual(before);
  });
});
