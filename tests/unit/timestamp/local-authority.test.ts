import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeError, EvidenceError } from '../../../src/model/errors.js';
import {
  checkTimestampResponse,
  createTimestampRequest,
  inspectTimestampResponse,
  opensslVerifyCommand,
  requestTimestamp,
  type TimestampProblemKind,
} from '../../../src/timestamp/index.js';
import {
  createCa,
  type LocalTsa,
  startLocalTsa,
  tamperWithSignature,
} from '../../helpers/local-tsa.js';
import { canUseTools, requireTool } from '../../helpers/tools.js';

const run = promisify(execFile);

const FINGERPRINT = 'b7f3a0c1d2e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee';
const OTHER_FINGERPRINT = '00000000000000000000000000000000000000000000000000000000000000aa';
const NONCE = Buffer.from('5a5a5a5a5a5a5a5a5a5a5a5a', 'hex');

let tsa: LocalTsa;
let work: string;
// The local authority is openssl, and its verify commands run through sh: without them every test
// here is skipped (or fails in CI).
beforeEach((context) => requireTool(context, 'openssl', 'sh'));
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'preuve-tsa-test-'));
  if (canUseTools('openssl', 'sh')) tsa = await startLocalTsa();
});
afterAll(async () => {
  await tsa?.close();
  await rm(work, { recursive: true, force: true });
});

async function stamp(behaviour: LocalTsa['behaviour'] = { kind: 'granted' }) {
  tsa.behaviour = behaviour;
  const request = createTimestampRequest(FINGERPRINT, { nonce: NONCE });
  const response = await requestTimestamp(tsa.url, request.der, { timeoutMs: 10_000 });
  return { request, response };
}

function kinds(problems: readonly { kind: TimestampProblemKind }[]): TimestampProblemKind[] {
  return problems.map((problem) => problem.kind);
}

describe('a timestamp from a local openssl authority', () => {
  it('is granted, passes every check, and openssl ts -verify accepts it for the fingerprint', async () => {
    const { request, response } = await stamp();
    const info = await checkTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    expect(info).toMatchObject({
      imprintHex: FINGERPRINT,
      hashAlgorithm: 'SHA-256',
      policyOid: '1.2.3.4.1',
      nonceHex: NONCE.toString('hex'),
      tsaName: 'CN=Preuve Test TSA, O=Preuve Tests',
      signerSubject: 'CN=Preuve Test TSA, O=Preuve Tests',
      signerIssuer: 'CN=Preuve Test Root CA',
      accuracySeconds: 1,
      chainTrusted: true,
    });
    expect(info.serial).toMatch(/^[0-9a-f]+$/);
    expect(Math.abs(Date.parse(info.genTime) - Date.now())).toBeLessThan(60_000);
    expect(info.genTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The validated chain: TSA certificate, then the root it was checked against.
    expect(info.chainPem).toHaveLength(2);
    expect(info.chainPem[1]!.replace(/\s/g, '')).toBe(tsa.caPem.replace(/\s/g, ''));

    const tsr = join(work, 'granted token.tsr');
    const chain = join(work, 'granted-chain.pem');
    await writeFile(tsr, response);
    await writeFile(chain, info.chainPem.join(''));
    const withRoot = opensslVerifyCommand({
      fingerprintHex: FINGERPRINT,
      responsePath: tsr,
      caFilePath: tsa.caPath,
      untrustedPath: chain,
    });
    expect(withRoot).toContain(`-digest ${FINGERPRINT}`);
    expect(withRoot).toContain(`-in '${tsr}'`);
    const { stdout } = await run('sh', ['-c', withRoot]);
    expect(stdout).toContain('Verification: OK');
    // The stored chain alone also works as -CAfile (it ends with the root).
    const chainOnly = opensslVerifyCommand({
      fingerprintHex: FINGERPRINT,
      responsePath: tsr,
      caFilePath: chain,
    });
    expect((await run('sh', ['-c', chainOnly])).stdout).toContain('Verification: OK');
    // And openssl refuses the same token for another fingerprint.
    const other = opensslVerifyCommand({
      fingerprintHex: OTHER_FINGERPRINT,
      responsePath: tsr,
      caFilePath: tsa.caPath,
    });
    await expect(run('sh', ['-c', other])).rejects.toThrow(/imprint mismatch/);
  });

  it('verifies later from the stored files alone: the .tsq for the nonce, the stored chain as trust', async () => {
    const { request, response } = await stamp();
    const first = await checkTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      trustedCerts: [tsa.caPem],
    });
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [first.chainPem.join('')],
    });
    expect(report.problems).toEqual([]);
    expect(report.info?.genTime).toBe(first.genTime);
  });

  it("reports a refusal with the authority's reason", async () => {
    const { request, response } = await stamp({ kind: 'reject' });
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    expect(report.info).toBeUndefined();
    expect(kinds(report.problems)).toEqual(['not-granted']);
    expect(report.status).toBe(
      'rejection: Message digest algorithm is not supported. (badAlg: unsupported hash algorithm)',
    );
    await expect(
      checkTimestampResponse(response, {
        fingerprintHex: FINGERPRINT,
        label: 'Timestamp from local',
      }),
    ).rejects.toThrow(
      'Timestamp from local is not valid: the authority refused: rejection: Message digest algorithm is not supported.',
    );
  });

  it('refuses a token for another fingerprint (wrong imprint)', async () => {
    const { response } = await stamp();
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: OTHER_FINGERPRINT,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(report.problems)).toEqual(['imprint']);
    expect(report.problems[0]!.message).toContain(
      `not the dossier fingerprint ${OTHER_FINGERPRINT}`,
    );
  });

  it('refuses an answer to another request (wrong nonce)', async () => {
    const { request, response } = await stamp({ kind: 'other-nonce' });
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      nonce: request.nonce,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(report.problems)).toEqual(['nonce']);
    expect(report.problems[0]!.message).toContain('is not the one sent (5a5a5a5a5a5a5a5a5a5a5a5a)');
    // The nonce is also taken from the stored request.
    const fromRequest = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(fromRequest.problems)).toEqual(['nonce']);
  });

  it('refuses a token signed by a certificate without the timeStamping usage', async () => {
    const { request, response } = await stamp({ kind: 'no-eku' });
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    // Signature, ESS attribute and chain are fine: only the usage is wrong.
    expect(kinds(report.problems)).toEqual(['signer-usage']);
    expect(report.problems[0]!.message).toContain(
      'signing certificate (CN=Preuve Test Signer Without EKU, O=Preuve Tests) has no extended key usage',
    );
    const tsr = join(work, 'no-eku.tsr');
    await writeFile(tsr, response);
    const command = opensslVerifyCommand({
      fingerprintHex: FINGERPRINT,
      responsePath: tsr,
      caFilePath: tsa.caPath,
    });
    await expect(run('sh', ['-c', command])).rejects.toThrow(/unsuitable certificate purpose/);
  });

  it('finds a signer named by subject key identifier', async () => {
    const { request, response } = await stamp({ kind: 'signer-by-key-id' });
    const token = pkijs.TimeStampResp.fromBER(new Uint8Array(response)).timeStampToken!;
    const sid = new pkijs.SignedData({ schema: token.content }).signerInfos[0]!.sid;
    expect(sid).not.toBeInstanceOf(pkijs.IssuerAndSerialNumber);
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    expect(report.problems).toEqual([]);
    expect(report.info?.signerSubject).toBe('CN=Preuve Test TSA, O=Preuve Tests');
  });

  it('refuses a tampered token (one bit of the signature flipped)', async () => {
    const { request, response } = await stamp();
    const tampered = tamperWithSignature(response);
    const report = await inspectTimestampResponse(tampered, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(report.problems)).toEqual(['signature']);
    expect(report.problems[0]!.message).toBe(
      'its signature is not valid: the token was altered or damaged',
    );
    const tsr = join(work, 'tampered.tsr');
    await writeFile(tsr, tampered);
    const command = opensslVerifyCommand({
      fingerprintHex: FINGERPRINT,
      responsePath: tsr,
      caFilePath: tsa.caPath,
    });
    await expect(run('sh', ['-c', command])).rejects.toThrow(/signature failure/);
  });

  it('refuses a token whose signed content was changed (the genTime moved)', async () => {
    const { response } = await stamp();
    const answer = pkijs.TimeStampResp.fromBER(new Uint8Array(response));
    const signed = new pkijs.SignedData({ schema: answer.timeStampToken!.content });
    const tstInfo = Buffer.from(signed.encapContentInfo.eContent!.getValue());
    const offset = response.indexOf(tstInfo);
    const altered = Buffer.from(response);
    // The last byte of the TSTInfo is in its trailing field; change it.
    altered[offset + tstInfo.length - 1]! ^= 0x01;
    const report = await inspectTimestampResponse(altered, {
      fingerprintHex: FINGERPRINT,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(report.problems)).toContain('signature');
    expect(report.problems.find((p) => p.kind === 'signature')!.message).toContain(
      'does not match the signed digest',
    );
  });

  it('refuses a chain to an unrelated CA, and says so when no trusted certificate is given', async () => {
    const { request, response } = await stamp();
    const unrelatedCa = await createCa(work, 'unrelated', 'Unrelated Root CA');
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [await readPem(unrelatedCa)],
    });
    expect(kinds(report.problems)).toEqual(['chain']);
    expect(report.info?.chainTrusted).toBe(false);
    expect(report.problems[0]!.message).toContain('does not lead to a trusted certificate');
    // The token still says what it is, and the stored chain is then the token's certificates.
    expect(report.info?.imprintHex).toBe(FINGERPRINT);
    expect(report.info?.chainPem).toEqual(report.info?.certificatesPem);

    const untrusted = await inspectTimestampResponse(response, { fingerprintHex: FINGERPRINT });
    expect(kinds(untrusted.problems)).toEqual(['chain']);
    expect(untrusted.problems[0]!.message).toContain('no trusted certificate was given');
  });

  it('reports every problem at once, and checkTimestampResponse throws them all in one EvidenceError', async () => {
    const { response } = await stamp({ kind: 'other-nonce' });
    const options = {
      fingerprintHex: OTHER_FINGERPRINT,
      nonce: NONCE,
      trustedCerts: [] as string[],
      label: 'timestamps/01-local.tsr',
    };
    const report = await inspectTimestampResponse(response, options);
    expect(kinds(report.problems)).toEqual(['imprint', 'nonce', 'chain']);
    const error = await checkTimestampResponse(response, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvidenceError);
    expect((error as EvidenceError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(
      /^timestamps\/01-local\.tsr is not valid: it covers SHA-256 .*; its nonce .*; no trusted certificate was given.*\.$/,
    );
    // The same problems for a French reader (regression: they reached a French terminal in English).
    const french = describeError(error, 'fr');
    expect(french).toContain(`il porte sur SHA-256 ${FINGERPRINT}, pas sur l'empreinte du dossier`);
    expect(french).toMatch(
      /son numéro unique [0-9a-f]+ n'est pas celui envoyé \(5a5a5a5a5a5a5a5a5a5a5a5a\)/,
    );
    expect(french).toContain("aucun certificat de confiance n'a été donné");
    expect(french).not.toMatch(/it covers|its nonce|no trusted certificate/);
  });

  it('reports a request (.tsq) for another fingerprint', async () => {
    const { response } = await stamp();
    const otherRequest = createTimestampRequest(OTHER_FINGERPRINT, { nonce: NONCE });
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: otherRequest.der,
      trustedCerts: [tsa.caPem],
    });
    expect(kinds(report.problems)).toEqual(['request']);
  });

  it('reads a bare token (ContentInfo) as well as a full answer', async () => {
    const { response } = await stamp();
    const token = pkijs.TimeStampResp.fromBER(new Uint8Array(response)).timeStampToken!;
    const bare = Buffer.from(token.toSchema().toBER());
    const report = await inspectTimestampResponse(bare, {
      fingerprintHex: FINGERPRINT,
      trustedCerts: [tsa.caPem],
    });
    expect(report.problems).toEqual([]);
  });

  it('reports garbage as unreadable', async () => {
    for (const bytes of [
      Buffer.from('<html>not a token</html>'),
      Buffer.alloc(0),
      Buffer.from([0x30, 0x03, 0x02, 0x01]),
    ]) {
      const report = await inspectTimestampResponse(bytes, { fingerprintHex: FINGERPRINT });
      expect(kinds(report.problems)).toEqual(['unreadable']);
    }
  });
});

async function readPem(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}

describe('a timestamp from an authority with an ECDSA (P-256) key', () => {
  it('passes every check, and a tampered one does not', async () => {
    const ecTsa = await startLocalTsa({ keyType: 'ec' });
    try {
      const request = createTimestampRequest(FINGERPRINT, { nonce: NONCE });
      const response = await requestTimestamp(ecTsa.url, request.der, { timeoutMs: 10_000 });
      const options = {
        fingerprintHex: FINGERPRINT,
        requestDer: request.der,
        trustedCerts: [ecTsa.caPem],
      };
      expect((await inspectTimestampResponse(response, options)).problems).toEqual([]);
      const tampered = await inspectTimestampResponse(tamperWithSignature(response), options);
      expect(kinds(tampered.problems)).toEqual(['signature']);
    } finally {
      await ecTsa.close();
    }
  });
});
