import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkTimestampResponse,
  inspectTimestampResponse,
} from '../../../src/timestamp/check-response.js';
import { requestTimestamp } from '../../../src/timestamp/http-client.js';
import { createTimestampRequest } from '../../../src/timestamp/request.js';
import {
  createCa,
  type LocalTsa,
  openssl,
  startLocalTsa,
  tamperWithSignature,
  unusedPort,
} from '../../helpers/local-tsa.js';
import { readFile } from 'node:fs/promises';

const FINGERPRINT = 'b7f3a0c1d2e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee';
const OTHER_FINGERPRINT = '0000000000000000000000000000000000000000000000000000000000000001';
const NONCE = Buffer.from('5a5a5a5a5a5a5a5a5a5a5a5a', 'hex');

let tsa: LocalTsa;
beforeAll(async () => {
  tsa = await startLocalTsa();
});
afterAll(async () => {
  await tsa.close();
});

async function stamp(fingerprint = FINGERPRINT) {
  const request = createTimestampRequest(fingerprint, { nonce: NONCE });
  const response = await requestTimestamp(tsa.url, request.der, { timeoutMs: 10_000 });
  return { request, response };
}

describe('a timestamp from a local openssl authority', () => {
  it('is granted and passes every check', async () => {
    tsa.behaviour = { kind: 'granted' };
    const { request, response } = await stamp();
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: FINGERPRINT,
      requestDer: request.der,
      trustedCerts: [tsa.caPem],
    });
    console.log(report);
    expect(report.problems).toEqual([]);
  });
});
