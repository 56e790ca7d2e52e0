import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replayStoredMessages } from '../../src/chats/replay-stored.js';
import { readStoredMessages } from '../../src/model/conversation-store.js';
import type { Exhibit } from '../../src/model/exhibit.js';
import { allBytesUnder, sha256File, snapshotTree } from '../helpers/case-state.js';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { copyDemo, readDemoRun } from '../helpers/demo-case.js';
import { initCase } from '../helpers/new-case.js';
import { requireTool, sevenZipCommand } from '../helpers/tools.js';
import { extractZip, listZipEntries, readZipEntry } from '../helpers/zip.js';

let root: string;
let caseDir: string;
let zip: string;
let pdf: string;
let demoRun: ReturnType<typeof readDemoRun>;
/** Whether a killed build's temporary file was still in out/ after the next build. */
let leftoverAfterBuild: boolean | undefined;

function listFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

// The demo is the run's own `preuve demo` (tests/setup/global.ts), copied: what it printed and
// the case it left, without paying a second build of it.
beforeAll(() => {
  root = makeTempDir();
  caseDir = copyDemo(join(root, 'demo'));
  demoRun = readDemoRun();
  zip = join(caseDir, 'out', 'PRV-20261121-DEMO.zip');
  pdf = join(caseDir, 'out', 'PRV-20261121-DEMO.pdf');
  extractZip(zip, join(root, 'bag'));
});

/**
 * A copy of the demo changed after its build: an intimate image given by path (--sensitive), added
 * in this process. Its build is refused (the dossier in out/ differs from the new one), then
 * --force builds it; both builds spawned. Made once, when first asked: the refusal test reads the
 * builds, the tests of what a sensitive file leaves read the case, its PDF and its ZIP.
 */
let changedDemo: ReturnType<typeof makeChangedDemo> | undefined;
function buildChangedDemo() {
  changedDemo ??= makeChangedDemo();
  return changedDemo;
}

async function makeChangedDemo() {
  const dir = copyDemo(join(makeTempDir(), 'c'));
  const { default: sharp } = await import('sharp');
  const image = join(dir, '..', 'intime.png');
  await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: 250, g: 20, b: 90 } },
  })
    .png()
    .toFile(image);
  const added = await runPreuveInProcess([
    'add',
    image,
    '--sensitive',
    '--description',
    'Image intime (montage)',
    '--case',
    dir,
  ]);
  expect(added.code, added.stderr).toBe(0);
  const refused = runPreuve(['build', '--case', dir]);
  const outAfterRefusal = readdirSync(join(dir, 'out')).sort();
  const forced = runPreuve(['build', '--case', dir, '--force']);
  return { dir, image, refused, outAfterRefusal, forced };
}

describe('preuve demo and the dossier it builds', () => {
  it('prints where the PDF and the ZIP are', () => {
    const out = join(demoRun.caseDir, 'out');
    expect(demoRun.stdout).toContain(`PDF: ${join(out, 'PRV-20261121-DEMO.pdf')}`);
    expect(demoRun.stdout).toContain(`ZIP: ${join(out, 'PRV-20261121-DEMO.zip')}`);
    expect(existsSync(pdf) && existsSync(zip)).toBe(true);
  });

  it('the PDF passes qpdf --check, embeds its fonts, and holds every message, hash and section title', async (context) => {
    requireTool(context, 'qpdf', 'pdffonts', 'pdftotext');
    expect(spawnSync('qpdf', ['--check', pdf]).status).toBe(0);
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    // The dossier's own text is in embedded fonts. A PDF exhibit's pages are reproduced as they are,
    // with the fonts their author used: the demo receipt uses Helvetica, which it does not embed.
    // That font alone is let through, and the dossier then does not claim PDF/A, and says why.
    for (const line of fonts.filter((font) => !/^Helvetica /.test(font)))
      expect(line).toMatch(/ yes +yes /);
    expect(fonts.filter((font) => / no +no /.test(font)).map((f) => f.split(/\s+/)[0])).toEqual([
      'Helvetica',
    ]);
    expect(execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' })).not.toMatch(/pdfaid/);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('non déclaré PDF/A : les pages reproduites de P4 (Helvetica)');
    const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
    for (const exhibit of caseFile.exhibits) {
      for (const file of exhibit.files) expect(text.replace(/ /g, '')).toContain(file.sha256);
    }
    // Read as every command reads them: WhatsApp messages come again from the chat file's copy.
    const chat = caseFile.exhibits.find((exhibit: Exhibit) => exhibit.number === 3);
    for await (const message of readStoredMessages(caseDir, chat, replayStoredMessages)) {
      for (const part of message.text.split('\n'))
        expect(text).toContain(part.trim().replace(/\s+/g, ' '));
    }
    for (const title of ['Résumé des faits', 'Chronologie', 'Journal de la chaîne de conservation'])
      expect(text).toContain(title);
    expect(text).toContain('non copié, non transmis');
  });

  it('7z extracts the ZIP: copies byte-identical to the evidence; the fingerprint is the SHA-256 of evidence-manifest.txt', () => {
    const data = join(root, 'bag', 'PRV-20261121-DEMO', 'data');
    const fingerprint = readFileSync(join(data, '..', 'bag-info.txt'), 'utf8').match(
      /Preuve-Fingerprint: ([0-9a-f]{64})/,
    )![1];
    expect(sha256File(join(data, 'evidence-manifest.txt'))).toBe(fingerprint);
    // Every copy is byte-identical to the case's evidence.
    const caseFile = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
    const copies = caseFile.exhibits.flatMap(
      (e: { files: { storedPath?: string; sha256: string }[] }) =>
        e.files.filter((f) => f.storedPath),
    );
    const pieces = listFilesUnder(join(data, 'pieces')).map((p) =>
      sha256File(join(data, 'pieces', p)),
    );
    for (const copy of copies) expect(pieces).toContain(copy.sha256);
  });

  it('sha256sum -c and sha512sum -c pass on the extracted bag', (context) => {
    requireTool(context, 'sha256sum', 'sha512sum');
    const data = join(root, 'bag', 'PRV-20261121-DEMO', 'data');
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: data }).status).toBe(0);
    expect(
      spawnSync('sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: join(data, '..') }).status,
    ).toBe(0);
    expect(
      spawnSync('sha512sum', ['-c', 'manifest-sha512.txt'], { cwd: join(data, '..') }).status,
    ).toBe(0);
  });

  it('unzip extracts the same files as 7z', (context) => {
    requireTool(context, 'unzip');
    const withUnzip = join(root, 'unzip');
    execFileSync('unzip', ['-q', zip, '-d', withUnzip]);
    expect(listFilesUnder(withUnzip).sort()).toEqual(listFilesUnder(join(root, 'bag')).sort());
  });

  it('holds no byte of the sensitive item, and says so in the manifest', () => {
    const manifest = JSON.parse(readZipEntry(zip, 'PRV-20261121-DEMO/data/manifest.json'));
    const sensitive = manifest.exhibits.find((e: { isSensitive: boolean }) => e.isSensitive);
    expect(sensitive).toMatchObject({ kind: 'sensitive', isDescriptionOnly: true, files: [] });
    const names = listZipEntries(zip);
    expect(names.length).toBeGreaterThan(10);
    expect(names.join('\n')).not.toMatch(/P05/);
  });

  it('builds byte-identical ZIP and PDF from the same case', async () => {
    const first = sha256File(zip);
    // What a build killed halfway leaves: this build removes it (tested below).
    const leftover = join(caseDir, 'out', '.PRV-20261121-DEMO.zip.build-deadbeef');
    writeFileSync(leftover, 'half a zip');
    const again = runPreuve(['build', '--case', caseDir]);
    leftoverAfterBuild = existsSync(leftover);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/unchanged since the last build/);
    expect(sha256File(zip)).toBe(first);
    const elsewhere = join(root, 'copy.zip');
    // The second build with the CLI in this process (the same command, one start-up less).
    expect((await runPreuveInProcess(['build', '--case', caseDir, '--out', elsewhere])).code).toBe(
      0,
    );
    expect(sha256File(elsewhere)).toBe(first);
  });

  it('verify passes on the ZIP, the unzipped bag and the case', async () => {
    // The ZIP with a spawned preuve, the bag and the case with the CLI in this process.
    let verify: typeof runPreuveInProcess = async (args) => runPreuve(args);
    for (const target of [zip, join(root, 'bag', 'PRV-20261121-DEMO'), caseDir]) {
      const result = await verify(['verify', target]);
      verify = runPreuveInProcess;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      // The demo case is French: verify answers in French.
      expect(result.stdout).toMatch(/^Vérification réussie : /m);
    }
  });

  it('verify fails naming the file, for a single-byte change in every file of the dossier', async () => {
    const bag = join(root, 'tamper', 'PRV-20261121-DEMO');
    extractZip(zip, join(root, 'tamper'));
    // The first file with a spawned preuve, the others with the CLI in this process (the same
    // command, without a start-up for each of the 20 files).
    let isSpawned = true;
    for (const file of listFilesUnder(bag)) {
      const path = join(bag, file);
      const original = readFileSync(path);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.length / 2);
      // '0' ↔ '1': a real change even in a hex digest, where 'a' → 'A' would be the same hash.
      changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
      writeFileSync(path, changed);
      const args = ['verify', bag, '--json'];
      const result = isSpawned ? runPreuve(args) : await runPreuveInProcess(args);
      isSpawned = false;
      writeFileSync(path, original);
      expect(result.code, file).toBe(1);
      const report = JSON.parse(result.stdout);
      const named = report.findings
        .map((f: { file: string; message: string }) => `${f.file} ${f.message}`)
        .join('\n');
      expect(named, file).toContain(file);
    }
    expect((await runPreuveInProcess(['verify', bag])).code).toBe(0);
  });
});

describe('preuve build: refusals and options', () => {
  it('refuses to overwrite a different dossier without --force; --force replaces it', async () => {
    const { dir, refused, outAfterRefusal, forced } = await buildChangedDemo();
    const target = join(dir, 'out', 'PRV-20261121-DEMO.zip');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists and differs from the new dossier.*--force/);
    expect(outAfterRefusal).toEqual(['PRV-20261121-DEMO.pdf', 'PRV-20261121-DEMO.zip']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await runPreuveInProcess(['verify', target])).code).toBe(0);
  });

  it('refuses to build a case that does not verify, naming the problem', () => {
    const dir = copyDemo(join(makeTempDir(), 'c'));
    const copy = join(dir, 'evidence', 'P4', 'recu-coupon-pcs.pdf');
    chmodSync(copy, 0o600);
    writeFileSync(copy, Buffer.concat([readFileSync(copy), Buffer.from('x')]));
    chmodSync(copy, 0o400);
    const result = runPreuve(['build', '--case', dir, '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /does not verify, so no dossier was built: evidence\/P4\/recu-coupon-pcs\.pdf has changed/,
    );
  });

  it('--encrypt: 7z extracts with the passphrase and refuses without; verify needs it', async () => {
    const dir = copyDemo(join(makeTempDir(), 'c'));
    const out = join(dir, '..', 'chiffre.zip');
    // The refusal without a passphrase in this process, the encrypted build spawned.
    const noPass = await runPreuveInProcess(['build', '--case', dir, '--encrypt', '--out', out]);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toMatch(/--encrypt needs a passphrase/);
    const env = { PREUVE_PASSPHRASE: 'quatre mots au hasard' };
    const built = runPreuve(['build', '--case', dir, '--encrypt', '--out', out], { env });
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/encrypted: open it with 7-Zip/);
    expect(spawnSync(sevenZipCommand(), ['t', '-pquatre mots au hasard', out]).status).toBe(0);
    expect(spawnSync(sevenZipCommand(), ['t', '-pwrong', out]).status).not.toBe(0);
    // The two verify runs with the CLI in this process too.
    expect((await runPreuveInProcess(['verify', out], { env })).code).toBe(0);
    expect((await runPreuveInProcess(['verify', out])).code).not.toBe(0);
  });
});

describe('preuve facts', () => {
  it('imports a YAML file, logs it, shows it; a bad file names the field and changes nothing', async () => {
    const dir = initCase(join(makeTempDir(), 'c'));
    const facts = join(import.meta.dirname, '..', '..', 'examples', 'facts.yaml');
    expect(runPreuve(['facts', 'import', facts, '--case', dir]).code).toBe(0);
    // The import spawned, the commands after it with the CLI in this process.
    const shown = await runPreuveInProcess(['facts', '--case', dir]);
    expect(shown.stdout).toMatch(/firstName: Camille/);
    const custody = readFileSync(join(dir, 'custody.jsonl'), 'utf8');
    expect(custody).toMatch(/"action":"facts-import"/);
    const before = snapshotTree(dir);
    const bad = join(dir, '..', 'bad.yaml');
    writeFileSync(bad, 'victim:\n  firstName: Camille\n  shoeSize: 38\n');
    const refused = await runPreuveInProcess(['facts', 'import', bad, '--case', dir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/victim.*shoeSize|shoeSize/);
    writeFileSync(bad, 'victim: [unclosed\n');
    expect((await runPreuveInProcess(['facts', 'import', bad, '--case', dir])).stderr).toMatch(
      /not valid YAML/,
    );
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('sensitive files never reach an output', () => {
  // The changed demo above: an intimate image given by path, added after the demo's build, then
  // built with --force (the PDF and the ZIP of the demo and of that image).
  it('a sensitive file given by path: not in evidence/, derived/, out/, the PDF or the ZIP', async () => {
    const { dir, image, forced } = await buildChangedDemo();
    expect(forced.code, forced.stderr).toBe(0);
    const bytes = readFileSync(image);
    for (const buffer of allBytesUnder(dir))
      expect(buffer.includes(bytes.subarray(8, 72))).toBe(false);
    expect(statSync(join(dir, 'out')).isDirectory()).toBe(true);
  });

  it('a sensitive file given by path: pdfimages lists no image of its size in the PDF', async (context) => {
    requireTool(context, 'pdfimages');
    const { dir } = await buildChangedDemo();
    const images = execFileSync(
      'pdfimages',
      ['-list', join(dir, 'out', readdirSync(join(dir, 'out')).find((n) => n.endsWith('.pdf'))!)],
      { encoding: 'utf8' },
    );
    expect(images.split('\n').filter((line) => / 64 +64 /.test(line))).toHaveLength(0);
  });
});

describe('a build killed halfway', () => {
  // The rebuild of the unchanged demo above ran with a killed build's temporary file in out/.
  it('leaves temporary files that the next build removes', () => {
    expect(leftoverAfterBuild).toBe(false);
  });
});
