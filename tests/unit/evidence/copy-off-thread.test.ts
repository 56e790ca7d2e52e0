import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAndHash, OFF_THREAD_BYTES, SNIFF_SIZE } from '../../../src/evidence/hash.js';
import { InterruptedError } from '../../../src/model/errors.js';

const root = mkdtempSync(join(tmpdir(), 'preuve-copy-off-thread-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('copying a large file with a worker thread reading and hashing', () => {
  const content = randomBytes(OFF_THREAD_BYTES + 123_457);
  const source = join(root, 'large.bin');
  writeFileSync(source, content);

  it('writes exactly the bytes hashed, and keeps the first bytes for sniffing', async () => {
    const sizes: number[] = [];
    const result = await copyAndHash(source, join(root, 'copy-1.bin'), 0o444, (done) =>
      sizes.push(done),
    );
    expect(result.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(result.size).toBe(content.length);
    expect(result.head.equals(content.subarray(0, SNIFF_SIZE))).toBe(true);
    expect(readFileSync(join(root, 'copy-1.bin')).equals(content)).toBe(true);
    expect(sizes.at(-1)).toBe(content.length);
  });

  it('stops on an interruption, and the next copy still works', async () => {
    const controller = new AbortController();
    const copying = copyAndHash(
      source,
      join(root, 'copy-2.bin'),
      0o444,
      () => controller.abort(),
      controller.signal,
    );
    await expect(copying).rejects.toBeInstanceOf(InterruptedError);
    const again = await copyAndHash(source, join(root, 'copy-3.bin'), 0o444);
    expect(again.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(readFileSync(join(root, 'copy-3.bin')).equals(content)).toBe(true);
  });

  it('copies one file after another when asked at once, each with its own hash', async () => {
    const other = randomBytes(OFF_THREAD_BYTES * 2);
    writeFileSync(join(root, 'other.bin'), other);
    const [a, b] = await Promise.all([
      copyAndHash(source, join(root, 'copy-4.bin'), 0o444),
      copyAndHash(join(root, 'other.bin'), join(root, 'copy-5.bin'), 0o444),
    ]);
    expect(a.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(b.sha256).toBe(createHash('sha256').update(other).digest('hex'));
    expect(readFileSync(join(root, 'copy-5.bin')).equals(other)).toBe(true);
  });
});
