import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BagReport } from '../../../src/bagit/bag-report.js';
import { verifyBag } from '../../../src/bagit/bag-verify.js';
import { writeBagZip } from '../../../src/bagit/write-bag-zip.js';
import { extractZip } from '../../helpers/zip.js';
import { makeSamplePayload, makeTempDir, sampleOptions } from './bag-test-helpers.js';

const TOP = 'PREUVE-2024-0001';
let temp: { dir: string; remove: () => void };
let zip: string;

beforeAll(async () => {
  temp = makeTempDir();
  zip = join(temp.dir, 'dossier.zip');
  await writeBagZip(sampleOptions(zip, makeSamplePayload(temp.dir)));
  extractZip(zip, join(temp.dir, 'extracted'));
});
afterAll(() => temp.remove());

function namesFile(report: BagReport, path: string): boolean {
  return report.findings.some((finding) => finding.file === path || finding.message.includes(path));
}

/** Local header offset → offset of the entry's data (30-byte header, name, extra field). */
function dataOffset(bytes: Buffer, headerOffset: number): number {
  return (
    headerOffset +
    30 +
    bytes.readUInt16LE(headerOffset + 26) +
    bytes.readUInt16LE(headerOffset + 28)
  );
}

describe('a single changed byte in any file of a built bag', () => {
  it('is named by verifyBag on the ZIP, for every entry', async () => {
    const original = readFileSync(zip);
    const entries = await new ZipReader(new Uint8ArrayReader(original)).getEntries();
    expect(entries.length).toBeGreaterThanOrEqual(11);
    for (const entry of entries) {
      const tampered = Buffer.from(original);
      const at = dataOffset(tampered, entry.offset) + Math.floor(entry.compressedSize / 2);
      tampered[at]! ^= 0x01;
      const file = join(temp.dir, 'tampered.zip');
      writeFileSync(file, tampered);
      const report = await verifyBag(file);
      const path = entry.filename.slice(TOP.length + 1);
      expect(report.ok, path).toBe(false);
      expect(namesFile(report, path), `${path}: ${JSON.stringify(report.findings)}`).toBe(true);
    }
  });

  it('is named by verifyBag on the extracted folder, for every file', async () => {
    const top = join(temp.dir, 'extracted', TOP);
    const listing = readdirSync(top, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(top, join(entry.parentPath, entry.name)));
    expect(listing.length).toBeGreaterThanOrEqual(11);
    for (const path of listing) {
      const bag = join(temp.dir, 'copy');
      cpSync(join(temp.dir, 'extracted', TOP), bag, { recursive: true, force: true });
      const bytes = readFileSync(join(bag, path));
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      writeFileSync(join(bag, path), bytes);
      const report = await verifyBag(bag);
      expect(report.ok, path).toBe(false);
      expect(namesFile(report, path), `${path}: ${JSON.stringify(report.findings)}`).toBe(true);
      // Put it back for the next file.
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      writeFileSync(join(bag, path), bytes);
    }
  });
});
