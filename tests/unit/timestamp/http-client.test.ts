import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceError, UsageError } from '../../../src/model/errors.js';
import { createTimestampRequest, requestTimestamp } from '../../../src/timestamp/index.js';
import { type LocalTsa, startLocalTsa, unusedPort } from '../../helpers/local-tsa.js';
import { canUseTools, requireTool } from '../../helpers/tools.js';

const FINGERPRINT = 'b7f3a0c1d2e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee';
const request = createTimestampRequest(FINGERPRINT, { nonce: Buffer.alloc(12, 0x21) });

let tsa: LocalTsa;
// The local authority is openssl: without it every test here is skipped (or fails in CI).
beforeEach((context) => requireTool(context, 'openssl'));
beforeAll(async () => {
  if (canUseTools('openssl')) tsa = await startLocalTsa();
});
afterAll(async () => {
  await tsa?.close();
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error;
}

describe('requestTimestamp', () => {
  it('posts the request as application/timestamp-query and returns the DER answer', async () => {
    tsa.behaviour = { kind: 'granted' };
    const before = tsa.requests.length;
    const answer = await requestTimestamp(tsa.url, request.der, { timeoutMs: 10_000 });
    expect(tsa.requests[before]).toEqual(request.der);
    expect(answer[0]).toBe(0x30); // a DER SEQUENCE
  });

  it('says clearly that an unreachable server could not be reached', async () => {
    const url = `http://127.0.0.1:${await unusedPort()}/tsr`;
    const error = await failure(requestTimestamp(url, request.der, { timeoutMs: 5_000 }));
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error.message).toBe(
      `Timestamp authority ${url} could not be reached (ECONNREFUSED). Check the address and the internet connection, or write the request to a file and stamp it from another computer.`,
    );
  });

  it('gives up on a slow server after the timeout', async () => {
    tsa.behaviour = { kind: 'slow', delayMs: 3_000 };
    // The server answers after 3 s: an error saying 0.4 s proves the client gave up first.
    const error = await failure(requestTimestamp(tsa.url, request.der, { timeoutMs: 400 }));
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error.message).toBe(
      `Timestamp authority ${tsa.url} did not answer within 0.4 s. Try again later, allow a longer timeout, or use another authority.`,
    );
  });

  it('refuses a web page answered with 200 OK instead of a token', async () => {
    tsa.behaviour = { kind: 'html', status: 200 };
    const error = await failure(requestTimestamp(tsa.url, request.der, { timeoutMs: 5_000 }));
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error.message).toBe(
      `Timestamp authority ${tsa.url} answered with a web page, not a timestamp: the address is probably the authority's site rather than its timestamp service ("Service temporarily unavailable"). Check the timestamp URL in the authority's documentation.`,
    );
  });

  it('reports an HTTP error with what the server said', async () => {
    tsa.behaviour = { kind: 'html', status: 503 };
    const error = await failure(requestTimestamp(tsa.url, request.der, { timeoutMs: 5_000 }));
    expect(error).toBeInstanceOf(EvidenceError);
    expect(error.message).toBe(
      `Timestamp authority ${tsa.url} answered HTTP 503 Service Unavailable ("Service temporarily unavailable"). No timestamp was received; try again later or use another authority.`,
    );
  });

  it('refuses other content types, oversized and empty answers (injected fetch)', async () => {
    const answer = (body: Uint8Array, type: string) => async () =>
      new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': type } });
    const url = 'http://tsa.example.org/tsr';
    await expect(
      requestTimestamp(url, request.der, {
        timeoutMs: 1_000,
        fetch: answer(Buffer.from('{"error":"quota"}'), 'application/json'),
      }),
    ).rejects.toThrow(
      'answered with "application/json" instead of application/timestamp-reply ("{"error":"quota"}")',
    );
    await expect(
      requestTimestamp(url, request.der, {
        timeoutMs: 1_000,
        maxBytes: 16,
        fetch: answer(Buffer.alloc(64), 'application/timestamp-reply'),
      }),
    ).rejects.toThrow('sent more than 16 bytes');
    await expect(
      requestTimestamp(url, request.der, {
        timeoutMs: 1_000,
        fetch: answer(new Uint8Array(), 'application/timestamp-reply'),
      }),
    ).rejects.toThrow('sent an empty answer');
    const legacy = await requestTimestamp(url, request.der, {
      timeoutMs: 1_000,
      fetch: answer(Buffer.from([0x30, 0x00]), 'application/timestamp-response'),
    });
    expect(legacy).toEqual(Buffer.from([0x30, 0x00]));
  });

  it('refuses an address that is not http(s) as a usage error, without any connection', async () => {
    let called = false;
    const fetch = async () => {
      called = true;
      return new Response();
    };
    await expect(
      requestTimestamp('ftp://tsa.example.org', request.der, { timeoutMs: 1_000, fetch }),
    ).rejects.toThrow(UsageError);
    await expect(
      requestTimestamp('freetsa', request.der, { timeoutMs: 1_000, fetch }),
    ).rejects.toThrow('"freetsa" is not a URL');
    expect(called).toBe(false);
  });
});
