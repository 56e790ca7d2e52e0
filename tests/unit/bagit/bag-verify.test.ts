import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BagReport } from '../../../src/bagit/bag-report.js';
import { verifyBag } from '../../../src/bagit/bag-verify.js';
import { writeBagZip } from '../../../src/bagit/write-bag-zip.js';
import { UsageError } from '../../../src/model/errors.js';
import { requireTool } from '../../helpers/tools.js';
import { extractZip, zipFiles } from '../../helpers/zip.js';
import { makeSamplePayload, makeTempDir, run, sampleOptions } from './bag-test-helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/bags');
let temp: { dir: string; remove: () => void };
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

/** A copy of a fixture bag to damage. */
function copyFixture(name: string): string {
  const dir = join(temp.dir, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function problems(report: BagReport): string[] {
  return report.findings.map((finding) => `${finding.problem} ${finding.file}`);
}

describe('verifyBag on good bags', () => {
  it('accepts a hand-made BagIt 1.0 folder (sha256, md5, tag sha1, folded bag-info)', async () => {
    const report = await verifyBag(join(FIXTURES, 'v1.0-good'));
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.bagItVersion).toBe('1.0');
    expect(report.payloadFileCount).toBe(3);
    expect(report.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        'bagit.txt',
        'manifest-md5.txt',
        'manifest-sha256.txt',
        'tagmanifest-sha1.txt',
        'Payload-Oxum',
      ]),
    );
    expect(report.bagInfo).toContainEqual({
      label: 'External-Description',
      value: 'Sac de test, sur deux lignes',
    });
  });

  it('accepts a hand-made BagIt 0.97 folder with a tab separator', async () => {
    const report = await verifyBag(join(FIXTURES, 'v0.97-good'));
    expect(report.findings).toEqual([]);
    expect(report.bagItVersion).toBe('0.97');
  });

  it('accepts a hand-made bag zipped by 7-Zip, and gives back a file with readFile', async () => {
    const zip = join(temp.dir, 'bag.zip');
    zipFiles(FIXTURES, zip, ['v1.0-good']);
    const report = await verifyBag(zip);
    expect(report.findings).toEqual([]);
    expect(report.topFolder).toBe('v1.0-good');
    expect((await report.readFile('data/recu.txt')).toString()).toContain('Reçu PCS');
  });

  it('accepts a hand-made bag zipped by Info-ZIP', async (context) => {
    requireTool(context, 'zip');
    const zip = join(temp.dir, 'bag.zip');
    run('zip', ['-q', '-r', zip, 'v1.0-good'], FIXTURES);
    const report = await verifyBag(zip);
    expect(report.findings).toEqual([]);
    expect(report.topFolder).toBe('v1.0-good');
    expect((await report.readFile('data/recu.txt')).toString()).toContain('Reçu PCS');
  });

  it('accepts a bag written by writeBagZip, plain and encrypted', async () => {
    const payload = makeSamplePayload(temp.dir);
    const plain = join(temp.dir, 'plain.zip');
    await writeBagZip(sampleOptions(plain, payload));
    const report = await verifyBag(plain);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(JSON.parse(JSON.stringify(report)).readFile).toBeUndefined();
    expect((await report.readFile('data/manifest.json')).toString()).toBe('{"exhibits":[]}\n');
    await report.close();

    const secret = join(temp.dir, 'secret.zip');
    await writeBagZip({
      ...sampleOptions(secret, payload),
      encrypt: { passphrase: 'cheval agrafe' },
    });
    const opened = await verifyBag(secret, { passphrase: 'cheval agrafe' });
    expect(opened.findings).toEqual([]);
    expect(opened.isEncrypted).toBe(true);
    expect((await opened.readFile('data/dossier.pdf')).toString()).toContain('%PDF');

    expect(opened.checks.find((check) => check.name === 'encrypted ZIP')?.detail).toMatch(
      /^one entry, dossier-bagit\.zip/,
    );
    await opened.close();

    expect(problems(await verifyBag(secret))).toEqual(['encrypted dossier-bagit.zip']);
    const wrong = await verifyBag(secret, { passphrase: 'pas la bonne' });
    expect(wrong.ok).toBe(false);
    expect(wrong.findings[0]?.problem).toBe('passphrase');
  });

  it('reads in place a bag ZIP that 7-Zip itself encrypted (AES-256, stored), several MiB', async (context) => {
    requireTool(context, '7z');
    const big = join(temp.dir, 'video.mp4');
    writeFileSync(big, randomBytes(3 * 1024 * 1024 + 5));
    const plain = join(temp.dir, 'dossier-bagit.zip');
    await writeBagZip(
      sampleOptions(plain, [
        ...makeSamplePayload(temp.dir),
        { bagPath: 'data/video.mp4', source: { file: big } },
      ]),
    );
    const outer = join(temp.dir, 'sept.zip');
    run('7z', ['a', '-tzip', '-mx=0', '-mem=AES256', '-pcheval agrafe', outer, plain]);
    const report = await verifyBag(outer, { passphrase: 'cheval agrafe' });
    expect(report.findings).toEqual([]);
    expect(report.isEncrypted).toBe(true);
    expect(
      (await report.readFile('data/video.mp4', 8 * 1024 * 1024)).equals(readFileSync(big)),
    ).toBe(true);
    await report.close();
  });

  it('still reads an encrypted ZIP of the earlier layout (every entry encrypted, names visible)', async (context) => {
    requireTool(context, '7z');
    const plain = join(temp.dir, 'plain.zip');
    await writeBagZip(sampleOptions(plain, makeSamplePayload(temp.dir)));
    const folder = join(temp.dir, 'x');
    run('7z', ['x', `-o${folder}`, plain]);
    const old = join(temp.dir, 'ancien.zip');
    run('7z', ['a', '-tzip', '-mem=AES256', '-pcheval agrafe', old, 'PREUVE-2024-0001'], folder);
    const report = await verifyBag(old, { passphrase: 'cheval agrafe' });
    expect(report.findings).toEqual([]);
    expect(report.isEncrypted).toBe(true);
    await report.close();
  });

  it('refuses an encrypted dossier altered after encryption (its authentication code)', async () => {
    const secret = join(temp.dir, 'secret.zip');
    await writeBagZip({
      ...sampleOptions(secret, makeSamplePayload(temp.dir)),
      encrypt: { passphrase: 'cheval agrafe' },
    });
    const bytes = readFileSync(secret);
    // A byte in the middle of the encrypted data: counter mode would flip the same plaintext bit.
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(secret, bytes);
    const report = await verifyBag(secret, { passphrase: 'cheval agrafe' });
    expect(report.ok).toBe(false);
    expect(report.findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/altered after it was made: its authentication code does not match/),
    ]);
  });

  it('accepts the extracted folder of a written bag, percent-encoded names included', async () => {
    const zip = join(temp.dir, 'bag.zip');
    await writeBagZip(
      sampleOptions(zip, [
        { bagPath: 'data/P03-100%.txt', source: { bytes: 'cent pour cent\n' } },
        { bagPath: 'data/P04-a%0Ab.txt', source: { bytes: 'pas un saut de ligne\n' } },
      ]),
    );
    expect((await verifyBag(zip)).findings).toEqual([]);
    extractZip(zip, join(temp.dir, 'x'));
    expect((await verifyBag(join(temp.dir, 'x/PREUVE-2024-0001'))).findings).toEqual([]);
  });
});

describe('verifyBag on bad bags: a finding each, never a crash', () => {
  it('a missing file', async () => {
    const bag = copyFixture('v1.0-good');
    rmSync(join(bag, 'data/recu.txt'));
    const report = await verifyBag(bag);
    expect(report.ok).toBe(false);
    expect(problems(report)).toEqual(
      expect.arrayContaining(['missing data/recu.txt', 'oxum bag-info.txt']),
    );
    expect(report.findings.find((f) => f.problem === 'missing')?.message).toMatch(
      /^data\/recu\.txt is listed in manifest-(md5|sha256)\.txt but is not in the bag\.$/,
    );
  });

  it('an extra (unlisted) file', async () => {
    const bag = copyFixture('v1.0-good');
    writeFileSync(join(bag, 'data/ajout.txt'), 'ajouté après coup\n');
    const report = await verifyBag(bag);
    expect(problems(report)).toEqual(
      expect.arrayContaining(['unlisted data/ajout.txt', 'oxum bag-info.txt']),
    );
  });

  it('a wrong hash, with expected and found values', async () => {
    const bag = copyFixture('v1.0-good');
    writeFileSync(join(bag, 'data/recu.txt'), 'Reçu PCS 500 EUR, +33 6 00 00 00 01\n');
    const report = await verifyBag(bag, { allManifests: true });
    const mismatch = report.findings.filter((f) => f.problem === 'hash-mismatch');
    expect(mismatch.map((f) => f.file)).toEqual(['data/recu.txt', 'data/recu.txt']);
    const sha256 = mismatch.find((f) => f.message.includes('manifest-sha256.txt'))!;
    expect(sha256.expected).toBe(
      'd5f504b7a541ef97fefe95cffc6ac9b7bc3b311fa4f457d518d6bcd0b376a482',
    );
    expect(sha256.found).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256.message).toContain(sha256.expected);
    expect(sha256.message).toContain(sha256.found);
  });

  it('by default, the strongest payload manifest only, and says so', async () => {
    const bag = copyFixture('v1.0-good');
    writeFileSync(join(bag, 'data/recu.txt'), 'Reçu PCS 500 EUR, +33 6 00 00 00 01\n');
    const report = await verifyBag(bag);
    const mismatch = report.findings.filter((f) => f.problem === 'hash-mismatch');
    expect(mismatch.map((f) => f.file)).toEqual(['data/recu.txt']);
    const payload = report.checkedManifests.filter((name) => name.startsWith('manifest-'));
    expect(payload).toHaveLength(1);
    expect(mismatch[0]!.message).toContain(payload[0]);
    await report.close();
  });

  it('a duplicated manifest line', async () => {
    const bag = copyFixture('v1.0-good');
    const manifest = join(bag, 'manifest-sha256.txt');
    const lines = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, `${lines}${lines.split('\n')[1]}\n`);
    const report = await verifyBag(bag);
    expect(problems(report)).toContain('duplicate data/recu.txt');
  });

  it('invalid whitespace in a manifest', async () => {
    for (const damage of [
      (text: string) => ` ${text}`, // leading space
      (text: string) => text.replace('  data/recu.txt', '\u00a0data/recu.txt'), // no-break space
      (text: string) => text.replace('data/recu.txt', 'data/recu.txt '), // trailing space
      (text: string) => text.replace('\n', '\n\n'), // blank line
    ]) {
      const bag = copyFixture('v1.0-good');
      const manifest = join(bag, 'manifest-sha256.txt');
      writeFileSync(manifest, damage(readFileSync(manifest, 'utf8')));
      const report = await verifyBag(bag);
      expect(report.ok).toBe(false);
      expect(
        report.findings.some((f) => f.problem === 'malformed' && f.file === 'manifest-sha256.txt'),
      ).toBe(true);
      temp.remove();
      temp = makeTempDir();
    }
  });

  it('a path traversal in a manifest line', async () => {
    const bag = copyFixture('v1.0-good');
    const manifest = join(bag, 'manifest-sha256.txt');
    writeFileSync(
      manifest,
      `${readFileSync(manifest, 'utf8')}${'0'.repeat(64)}  data/../../etc/passwd\n${'0'.repeat(64)}  /etc/passwd\n`,
    );
    const report = await verifyBag(bag);
    expect(report.findings.filter((f) => f.problem === 'path-traversal')).toHaveLength(2);
    // The manifest itself no longer matches the tag manifest; nothing else is reported (not read).
    expect(problems(report).sort()).toEqual([
      'hash-mismatch manifest-sha256.txt',
      'path-traversal manifest-sha256.txt',
      'path-traversal manifest-sha256.txt',
    ]);
  });

  it('a bagit.txt that is not well formed, or absent', async () => {
    const bag = copyFixture('v1.0-good');
    writeFileSync(
      join(bag, 'bagit.txt'),
      'BagIt-Version: 2.0\nTag-File-Character-Encoding: KOI8-R\n',
    );
    const report = await verifyBag(bag);
    expect(report.findings.map((f) => f.found)).toEqual(expect.arrayContaining(['2.0', 'KOI8-R']));
    rmSync(join(bag, 'bagit.txt'));
    expect(problems(await verifyBag(bag))).toEqual(['missing bagit.txt']);
  });

  it('a file that is not a ZIP, and a truncated ZIP', async () => {
    const notZip = join(temp.dir, 'dossier.zip');
    writeFileSync(notZip, '%PDF-1.7 not a zip at all');
    const report = await verifyBag(notZip);
    expect(report.ok).toBe(false);
    expect(report.findings[0]?.problem).toBe('unreadable');
    expect(report.findings[0]?.message).toContain('not a readable ZIP');

    const good = join(temp.dir, 'good.zip');
    await writeBagZip(sampleOptions(good, makeSamplePayload(temp.dir)));
    const bytes = readFileSync(good);
    for (const keep of [bytes.length - 10, Math.floor(bytes.length / 2), 100]) {
      const truncated = join(temp.dir, `cut-${keep}.zip`);
      writeFileSync(truncated, bytes.subarray(0, keep));
      const cut = await verifyBag(truncated);
      expect(cut.ok).toBe(false);
      expect(cut.findings[0]?.problem).toBe('unreadable');
    }
  });

  it('a ZIP bomb', async () => {
    const bomb = join(temp.dir, 'bomb.zip');
    // 24 MiB of zeros deflate to ~24 KiB: a ratio of ~1000, in an entry above the 16 MiB under
    // which ratios are not checked (RATIO_FLOOR_BYTES).
    mkdirSync(join(temp.dir, 'b', 'data'), { recursive: true });
    writeFileSync(join(temp.dir, 'b', 'data', 'zeros.bin'), Buffer.alloc(24 * 1024 * 1024));
    zipFiles(temp.dir, bomb, ['b']);
    const report = await verifyBag(bomb);
    expect(report.ok).toBe(false);
    expect(problems(report)).toEqual(['zip-bomb b/data/zeros.bin']);
    // Limits are options: the same ZIP under a lower total cap.
    const capped = await verifyBag(bomb, {
      limits: { maxTotalBytes: 1000, maxRatio: 1e9, maxEntries: 10 },
    });
    expect(capped.findings[0]?.problem).toBe('zip-bomb');
  });

  it('a ZIP that is not one top folder', async () => {
    const zip = join(temp.dir, 'flat.zip');
    zipFiles(join(FIXTURES, 'v1.0-good'), zip, ['.']);
    const report = await verifyBag(zip);
    expect(report.ok).toBe(false);
    expect(report.findings.every((f) => f.problem === 'layout')).toBe(true);
  });

  it('a target that does not exist is a usage error', async () => {
    await expect(verifyBag(join(temp.dir, 'nothing.zip'))).rejects.toThrow(UsageError);
  });
});
