import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeBagZip } from '../../../src/bagit/write-bag-zip.js';
import { UsageError } from '../../../src/model/errors.js';
import { requireTool } from '../../helpers/tools.js';
import {
  makeSamplePayload,
  makeTempDir,
  run,
  runStatus,
  sampleOptions,
} from './bag-test-helpers.js';

let temp: { dir: string; remove: () => void };
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

/**
 * A file's SHA-256: files are compared by it, as `toEqual` on two 300 KB buffers compares them
 * byte by byte through vitest's generic equality (0.7 s of CPU each).
 */
function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('writeBagZip', () => {
  it('writes a bag that 7z extracts and sha256sum -c accepts', async (context) => {
    requireTool(context, 'sha256sum', 'sha512sum');
    const out = join(temp.dir, 'dossier.zip');
    const payload = makeSamplePayload(temp.dir);
    const result = await writeBagZip(sampleOptions(out, payload));

    const bytes = readFileSync(out);
    expect(result.size).toBe(bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(run('7z', ['t', out])).toContain('Everything is Ok');

    const sevenDir = join(temp.dir, '7z');
    run('7z', ['x', `-o${sevenDir}`, out]);
    const bag = join(sevenDir, 'PREUVE-2024-0001');
    expect(readdirSync(sevenDir)).toEqual(['PREUVE-2024-0001']);
    expect(run('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], bag)).toContain(
      'data/pieces/P02-whatsapp/Discussion WhatsApp avec Léa.txt: OK',
    );
    expect(run('sha512sum', ['-c', '--strict', 'manifest-sha512.txt'], bag)).not.toContain(
      'FAILED',
    );
    expect(run('sha256sum', ['-c', '--strict', 'tagmanifest-sha256.txt'], bag)).toContain(
      'bag-info.txt: OK',
    );
    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    const bagInfo = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    expect(bagInfo).toContain('External-Identifier: PREUVE-2024-0001\n');
    expect(bagInfo).toContain('Bagging-Date: 2024-03-14\n');
    expect(bagInfo).toContain(`Payload-Oxum: ${result.payloadOxum}\n`);
    expect(result.payloadOxum).toMatch(/^\d+\.5$/);
    expect(hashFile(join(bag, 'data/pieces/P01-capture.jpg'))).toBe(
      hashFile(join(temp.dir, 'capture.jpg')),
    );
  });

  it('writes a bag that unzip tests and extracts the same', async (context) => {
    requireTool(context, 'unzip');
    const out = join(temp.dir, 'dossier.zip');
    await writeBagZip(sampleOptions(out, makeSamplePayload(temp.dir)));
    expect(run('unzip', ['-t', out])).toContain('No errors detected');
    const unzipDir = join(temp.dir, 'unzip');
    run('unzip', ['-q', out, '-d', unzipDir]);
    expect(readdirSync(unzipDir)).toEqual(['PREUVE-2024-0001']);
    expect(hashFile(join(unzipDir, 'PREUVE-2024-0001/data/pieces/P01-capture.jpg'))).toBe(
      hashFile(join(temp.dir, 'capture.jpg')),
    );
  });

  it('percent-encodes % in manifest paths (RFC 8493 §2.1.3)', async () => {
    const out = join(temp.dir, 'dossier.zip');
    await writeBagZip(
      sampleOptions(out, [{ bagPath: 'data/P03-100%.txt', source: { bytes: 'cent pour cent\n' } }]),
    );
    const manifest = run('7z', ['x', '-so', out, 'PREUVE-2024-0001/manifest-sha256.txt']);
    expect(manifest).toBe(
      `${createHash('sha256').update('cent pour cent\n').digest('hex')} data/P03-100%25.txt\n`,
    );
  });

  it('stores already-compressed files and deflates text', async (context) => {
    requireTool(context, 'unzip');
    const out = join(temp.dir, 'dossier.zip');
    await writeBagZip(sampleOptions(out, makeSamplePayload(temp.dir)));
    const listing = run('unzip', ['-v', out]);
    expect(listing).toMatch(/Stored.*P01-capture\.jpg/);
    expect(listing).toMatch(/Defl:N.*Discussion WhatsApp/);
    expect(listing).toMatch(/Stored.*dossier\.pdf/);
  });

  it('is reproducible: building twice gives the same SHA-256, in any time zone', async () => {
    const payload = makeSamplePayload(temp.dir);
    const first = await writeBagZip(sampleOptions(join(temp.dir, 'a.zip'), payload));
    const second = await writeBagZip(sampleOptions(join(temp.dir, 'b.zip'), payload));
    expect(second.sha256).toBe(first.sha256);
    expect(hashFile(join(temp.dir, 'b.zip'))).toBe(hashFile(join(temp.dir, 'a.zip')));
  });

  it("stores the fixed time's UTC fields as entry times, whatever the machine's zone", async (context) => {
    requireTool(context, 'unzip');
    await writeBagZip(sampleOptions(join(temp.dir, 'a.zip'), makeSamplePayload(temp.dir)));
    expect(run('unzip', ['-Z', '-T', join(temp.dir, 'a.zip')])).toContain('20240314.093000');
  });

  it('encrypts with AES-256: 7z lists one neutral name without the passphrase, the bag inside with it', async (context) => {
    requireTool(context, 'sha256sum', 'unzip');
    const out = join(temp.dir, 'secret.zip');
    const payload = makeSamplePayload(temp.dir);
    const result = await writeBagZip({
      ...sampleOptions(out, payload),
      encrypt: { passphrase: 'cheval agrafe' },
    });
    const listing = run('7z', ['l', '-slt', out]);
    expect(listing).toContain('Method = AES-256');
    expect(listing).not.toMatch(/ZipCrypto/);
    expect([...listing.matchAll(/^Path = (.*)$/gm)].map((match) => match[1])).toEqual([
      out,
      'dossier-bagit.zip',
    ]);
    expect(listing).not.toMatch(/PREUVE-2024-0001|manifest|data\/|WhatsApp/);
    expect(runStatus('7z', ['t', '-pwrong', out])).not.toBe(0);
    expect(runStatus('7z', ['t', '-p', out])).not.toBe(0);
    const dir = join(temp.dir, 'x');
    run('7z', ['x', '-pcheval agrafe', `-o${dir}`, out]);
    expect(readdirSync(dir)).toEqual(['dossier-bagit.zip']);
    const inner = readFileSync(join(dir, 'dossier-bagit.zip'));
    expect(result.bag).toEqual({
      entryName: 'dossier-bagit.zip',
      sha256: createHash('sha256').update(inner).digest('hex'),
      size: inner.length,
    });
    // The bag inside is the plain ZIP, byte for byte: reproducible, unlike the encrypted one.
    const plain = join(temp.dir, 'plain.zip');
    await writeBagZip(sampleOptions(plain, payload));
    expect(inner.equals(readFileSync(plain))).toBe(true);
    run('unzip', ['-q', 'dossier-bagit.zip'], dir);
    const bag = join(dir, 'PREUVE-2024-0001');
    expect(run('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], bag)).not.toContain(
      'FAILED',
    );
    expect(hashFile(join(bag, 'data/pieces/P01-capture.jpg'))).toBe(
      hashFile(join(temp.dir, 'capture.jpg')),
    );
  });

  it('never overwrites an existing file without force, and leaves no temporary file', async () => {
    const out = join(temp.dir, 'dossier.zip');
    writeFileSync(out, 'earlier dossier');
    const payload = makeSamplePayload(temp.dir);
    await expect(writeBagZip(sampleOptions(out, payload))).rejects.toThrow(UsageError);
    expect(readFileSync(out, 'utf8')).toBe('earlier dossier');
    await writeBagZip({ ...sampleOptions(out, payload), force: true });
    expect(run('7z', ['t', out])).toContain('Everything is Ok');
    expect(readdirSync(temp.dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('removes the temporary file when a source is missing or the build is aborted', async () => {
    const out = join(temp.dir, 'dossier.zip');
    const payload = makeSamplePayload(temp.dir);
    const missing = [
      ...payload,
      { bagPath: 'data/gone.png', source: { file: join(temp.dir, 'gone.png') } },
    ];
    await expect(writeBagZip(sampleOptions(out, missing))).rejects.toThrow(/gone\.png/);
    const controller = new AbortController();
    controller.abort();
    await expect(
      writeBagZip({ ...sampleOptions(out, payload), signal: controller.signal }),
    ).rejects.toThrow(/Interrupted/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(temp.dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('removes the temporary file when interrupted in the middle of a big file, plain or encrypted', async () => {
    const out = join(temp.dir, 'dossier.zip');
    const big = join(temp.dir, 'video.mp4');
    writeFileSync(big, Buffer.alloc(8 * 1024 * 1024, 7));
    for (const encrypt of [undefined, { passphrase: 'cheval agrafe' }]) {
      let checks = 0;
      // Aborted after two 1 MiB reads of the video: deterministic, mid-entry.
      const signal = {
        get aborted() {
          checks += 1;
          return checks > 2;
        },
      } as AbortSignal;
      await expect(
        writeBagZip({
          ...sampleOptions(out, [{ bagPath: 'data/video.mp4', source: { file: big } }]),
          encrypt,
          signal,
        }),
      ).rejects.toThrow(/Interrupted/);
      expect(checks).toBeGreaterThanOrEqual(3);
      expect(
        readdirSync(temp.dir).filter((name) => name.endsWith('.zip') || name.includes('.tmp-')),
      ).toEqual([]);
    }
  });

  it('rejects unsafe bag paths and computed bag-info labels', async () => {
    const out = join(temp.dir, 'dossier.zip');
    const bytes = { bytes: 'x' };
    for (const bagPath of ['data/../evil.txt', '/data/x', 'pieces/x', 'data/a\nb', 'data/a\\b']) {
      await expect(writeBagZip(sampleOptions(out, [{ bagPath, source: bytes }]))).rejects.toThrow(
        UsageError,
      );
    }
    await expect(
      writeBagZip({
        ...sampleOptions(out, [{ bagPath: 'data/x', source: bytes }]),
        bagInfo: { 'Payload-Oxum': '1.1' },
      }),
    ).rejects.toThrow(/computed/);
    expect(existsSync(out)).toBe(false);
  });
});
