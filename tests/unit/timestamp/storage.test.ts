import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvidenceError, UsageError } from '../../../src/model/errors.js';
import {
  loadKnownAuthorities,
  opensslVerifyCommand,
  parseCertificates,
  parseTimestampFileName,
  resolveAuthority,
  timestampFileNames,
} from '../../../src/timestamp/index.js';

describe('timestampFileNames', () => {
  it('names the files of a stamp after its order and authority', () => {
    expect(timestampFileNames(1, 'FreeTSA')).toEqual({
      request: '01-freetsa.tsq',
      response: '01-freetsa.tsr',
      chain: '01-freetsa-chain.pem',
    });
    expect(timestampFileNames(12, 'Certum (Asseco) / Pologne é').response).toBe(
      '12-certum-asseco-pologne-e.tsr',
    );
    expect(timestampFileNames(3, 'timestamp.digicert.com').chain).toBe(
      '03-timestamp-digicert-com-chain.pem',
    );
    expect(() => timestampFileNames(0, 'x')).toThrow(RangeError);
  });

  it('reads the names back', () => {
    expect(parseTimestampFileName('03-digicert.tsr')).toEqual({
      index: 3,
      base: '03-digicert',
      kind: 'response',
    });
    expect(parseTimestampFileName('03-digicert-chain.pem')).toEqual({
      index: 3,
      base: '03-digicert',
      kind: 'chain',
    });
    expect(parseTimestampFileName('03-digicert.tsq')?.kind).toBe('request');
    expect(parseTimestampFileName('notes.txt')).toBeUndefined();
  });
});

describe('known authorities', () => {
  it('loads the shipped list and resolves ids and URLs', async () => {
    const known = await loadKnownAuthorities();
    expect(known.map((a) => a.id)).toEqual([
      'freetsa',
      'digicert',
      'sectigo',
      'globalsign',
      'certum',
    ]);
    expect(resolveAuthority('FreeTSA', known).url).toBe('https://freetsa.org/tsr');
    expect(resolveAuthority('http://timestamp.digicert.com', known).id).toBe('digicert');
    expect(resolveAuthority('http://127.0.0.1:8318/tsr', known)).toMatchObject({
      id: '127-0-0-1',
      url: 'http://127.0.0.1:8318/tsr',
    });
    expect(() => resolveAuthority('nope', known)).toThrow(UsageError);
    expect(() => resolveAuthority('nope', known)).toThrow('Use one of freetsa, digicert');
  });

  it('refuses a damaged list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preuve-tsa-list-'));
    try {
      const path = join(dir, 'list.json');
      await writeFile(
        path,
        JSON.stringify({ authorities: [{ id: 'x', name: 'X', url: 'ftp://x', note: '' }] }),
      );
      await expect(loadKnownAuthorities(path)).rejects.toThrow(EvidenceError);
      await expect(loadKnownAuthorities(join(dir, 'missing.json'))).rejects.toThrow(
        'cannot read the list of timestamp authorities',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('opensslVerifyCommand', () => {
  it('writes the command with the flags that openssl 3 accepts, quoting where needed', () => {
    expect(
      opensslVerifyCommand({
        fingerprintHex: 'AB'.repeat(32),
        responsePath: 'timestamps/01-freetsa.tsr',
        caFilePath: "racine d'autorité.pem",
        untrustedPath: 'timestamps/01-freetsa-chain.pem',
      }),
    ).toBe(
      `openssl ts -verify -digest ${'ab'.repeat(32)} -in timestamps/01-freetsa.tsr -CAfile 'racine d'\\''autorité.pem' -untrusted timestamps/01-freetsa-chain.pem`,
    );
    expect(() =>
      opensslVerifyCommand({
        fingerprintHex: 'ab'.repeat(32),
        responsePath: 'a.tsr',
        caFilePath: 'ca.pem',
        untrustedPath: 'my chain.pem',
      }),
    ).toThrow(RangeError);
  });
});

describe('parseCertificates', () => {
  it('names the source of an unreadable certificate', () => {
    expect(() => parseCertificates('-----BEGIN PRIVATE KEY-----\nAAAA\n', 'ca.pem')).toThrow(
      'ca.pem: no "BEGIN CERTIFICATE" block found',
    );
    expect(() => parseCertificates(Buffer.from('garbage'), 'root.der')).toThrow(
      'root.der: not a readable X.509 certificate',
    );
  });
});
