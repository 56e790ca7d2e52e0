import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/model/errors.js';
import { createTimestampRequest, parseTimestampRequest } from '../../../src/timestamp/index.js';
import { requireTool } from '../../helpers/tools.js';

const run = promisify(execFile);
const FINGERPRINT = 'B7F3A0C1D2E4F5061728394A5B6C7D8E9F00112233445566778899AABBCCDDEE';

describe('createTimestampRequest', () => {
  it('asks for a SHA-256 imprint of the fingerprint, with a nonce and the certificate (openssl reads it)', async (context) => {
    requireTool(context, 'openssl');
    const request = createTimestampRequest(FINGERPRINT, {
      nonce: Buffer.from('ff0102030405060708090a0b', 'hex'),
    });
    // The first byte is adjusted so the INTEGER is positive and minimal.
    expect(request.nonce.toString('hex')).toBe('7f0102030405060708090a0b');
    const dir = await mkdtemp(join(tmpdir(), 'preuve-tsq-'));
    try {
      await writeFile(join(dir, 'request.tsq'), request.der);
      const { stdout } = await run('openssl', [
        'ts',
        '-query',
        '-in',
        join(dir, 'request.tsq'),
        '-text',
      ]);
      expect(stdout).toContain('Hash Algorithm: sha256');
      expect(stdout.replace(/\s+/g, ' ')).toContain(
        '0000 - b7 f3 a0 c1 d2 e4 f5 06-17 28 39 4a 5b 6c 7d 8e',
      );
      expect(stdout).toContain('Nonce: 0x7F0102030405060708090A0B');
      expect(stdout).toContain('Certificate required: yes');
      expect(stdout).toContain('Policy OID: unspecified');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(parseTimestampRequest(request.der)).toEqual({
      imprintHex: FINGERPRINT.toLowerCase(),
      hashAlgorithmOid: '2.16.840.1.101.3.4.2.1',
      nonce: 0x7f0102030405060708090a0bn,
      certReq: true,
      policyOid: undefined,
    });
  });

  it('is reproducible with injected randomness and random without it', () => {
    const nonce = Buffer.alloc(12, 0x42);
    expect(createTimestampRequest(FINGERPRINT, { nonce }).der).toEqual(
      createTimestampRequest(FINGERPRINT, { nonce }).der,
    );
    expect(nonce[0]).toBe(0x42); // the caller's buffer is not modified
    const a = createTimestampRequest(FINGERPRINT);
    const b = createTimestampRequest(FINGERPRINT);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.nonce).toHaveLength(12);
  });

  it('refuses something that is not a SHA-256 fingerprint, and a short nonce', () => {
    expect(() => createTimestampRequest('abc')).toThrow(UsageError);
    expect(() => createTimestampRequest(`${FINGERPRINT}00`)).toThrow(
      'expected 64 hexadecimal digits (SHA-256)',
    );
    expect(() => createTimestampRequest(FINGERPRINT, { nonce: Buffer.alloc(4) })).toThrow(
      '4 bytes given, at least 8 needed',
    );
  });

  it('refuses a file that is not a timestamp request', () => {
    expect(() => parseTimestampRequest(Buffer.from('hello'), 'timestamps/01-x.tsq')).toThrow(
      'timestamps/01-x.tsq: not an RFC 3161 timestamp request (.tsq)',
    );
  });
});
