import { EvidenceError, UsageError } from '../model/errors.js';

export interface RequestTimestampOptions {
  /** Give up after this long (connection and answer together). */
  readonly timeoutMs: number;
  /** The fetch to use (tests, proxies); Node's global fetch by default. */
  readonly fetch?: typeof fetch;
  /** Refuse answers larger than this (a token is a few KiB). Default 1 MiB. */
  readonly maxBytes?: number;
}

/** `application/timestamp-response` is the pre-RFC 3161 name some older servers still send. */
const TOKEN_TYPES = ['application/timestamp-reply', 'application/timestamp-response'];

/**
 * Sends a DER TimeStampReq to an RFC 3161 authority by HTTP POST (`application/timestamp-query`)
 * and returns the DER TimeStampResp. This is the only network access in preuve.
 *
 * Throws EvidenceError when the server cannot be reached, is too slow, answers with an HTTP error,
 * or answers with something other than a timestamp (typically a web page). The answer is not
 * checked here: give it to `checkTimestampResponse`.
 */
export async function requestTimestamp(
  url: string,
  requestDer: Uint8Array,
  options: RequestTimestampOptions,
): Promise<Buffer> {
  const address = parseAuthorityUrl(url);
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const seconds = formatSeconds(options.timeoutMs);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await doFetch(address, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/timestamp-query',
        Accept: 'application/timestamp-reply',
      },
      body: new Uint8Array(requestDer),
      signal,
    });
    const contentType = (response.headers.get('content-type') ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (!response.ok) {
      const body = await readText(response, signal);
      throw new EvidenceError({
        code: 'error.timestamp.httpClient.timestampAuthorityAnswered',
        params: {
          url,
          status: response.status,
          statusText: response.statusText,
          describeBody: describeBody(contentType, body),
        },
      });
    }
    if (!TOKEN_TYPES.includes(contentType)) {
      const body = await readText(response, signal);
      const what = contentType === '' ? 'no content type' : contentType;
      const hint =
        contentType === 'text/html'
          ? "a web page, not a timestamp: the address is probably the authority's site rather than its timestamp service"
          : `"${what}" instead of application/timestamp-reply`;
      throw new EvidenceError({
        code: 'error.timestamp.httpClient.timestampAuthorityAnswered2',
        params: { url, hint, describeBody: describeBody(contentType, body) },
      });
    }
    const der = await readBytes(response, maxBytes, url);
    if (der.length === 0) {
      throw new EvidenceError({
        code: 'error.timestamp.httpClient.timestampAuthoritySent',
        params: { url },
      });
    }
    return der;
  } catch (error) {
    if (error instanceof EvidenceError) throw error;
    if (signal.aborted || isTimeout(error)) {
      throw new EvidenceError(
        { code: 'error.timestamp.httpClient.timestampAuthorityAnswer', params: { url, seconds } },
        { cause: error },
      );
    }
    const code = networkErrorCode(error);
    throw new EvidenceError(
      {
        code: 'error.timestamp.httpClient.timestampAuthorityReached',
        params: { url, value: code ? ` (${code})` : '' },
      },
      { cause: error },
    );
  }
}

function parseAuthorityUrl(url: string): URL {
  let address: URL;
  try {
    address = new URL(url);
  } catch (error) {
    throw new UsageError(
      { code: 'error.timestamp.httpClient.urlGiveAuthority', params: { url } },
      {
        cause: error,
      },
    );
  }
  if (address.protocol !== 'http:' && address.protocol !== 'https:') {
    throw new UsageError({
      code: 'error.timestamp.httpClient.timestampAuthoritiesReached',
      params: { url, protocol: address.protocol },
    });
  }
  return address;
}

async function readBytes(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new EvidenceError({
        code: 'error.timestamp.httpClient.timestampAuthoritySent2',
        params: { url, maxBytes },
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The start of a textual error body, to show what the server said; '' when not text. */
async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) return '';
  try {
    return (await response.text()).slice(0, 4096);
  } catch {
    return '';
  }
}

function describeBody(contentType: string, body: string): string {
  if (!contentType.startsWith('text/') && contentType !== 'application/json') return '';
  const text = contentType === 'text/html' ? htmlTitleOrText(body) : body;
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 160);
  return line === '' ? '' : ` ("${line}")`;
}

function htmlTitleOrText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  return title ?? html.replace(/<[^>]*>/g, ' ');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
