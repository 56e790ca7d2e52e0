import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** One line of a text export, without its line break, numbered from 1. */
export interface TextLine {
  readonly text: string;
  readonly lineNumber: number;
  /** False for a last line that ends without a line break. */
  readonly isTerminated: boolean;
}

/**
 * Streams the lines of a text export. Decodes UTF-8 (or UTF-16 LE/BE when the file starts with
 * its byte-order mark), drops a leading BOM, accepts `\n` and `\r\n` line ends. Memory stays
 * bounded by the longest line, whatever the size of the file.
 */
export async function* readTextLines(stream: Readable): AsyncGenerator<TextLine> {
  let decoder: StringDecoder | undefined;
  let swapBytes = false;
  let pending = '';
  let lineNumber = 0;
  let isFirstText = true;
  for await (const raw of stream as AsyncIterable<Buffer>) {
    let chunk = raw;
    if (decoder === undefined) {
      const encoding = detectEncoding(chunk);
      swapBytes = encoding === 'utf16be';
      decoder = new StringDecoder(encoding === 'utf8' ? 'utf8' : 'utf16le');
    }
    if (swapBytes) chunk = Buffer.from(chunk).swap16();
    let text = pending + decoder.write(chunk);
    if (isFirstText && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      isFirstText = false;
    }
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      lineNumber += 1;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      yield { text: text.slice(start, lineEnd), lineNumber, isTerminated: true };
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    pending = text.slice(start);
  }
  if (decoder) pending += decoder.end();
  if (pending.length > 0) {
    lineNumber += 1;
    const text = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
    yield { text, lineNumber, isTerminated: false };
  }
}

function detectEncoding(head: Buffer): 'utf8' | 'utf16le' | 'utf16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  return 'utf8';
}

/** Decodes the first bytes of a text export for detection (same rules as {@link readTextLines}). */
export function decodeTextHead(head: Buffer): string {
  const encoding = detectEncoding(head);
  const bytes =
    encoding === 'utf16be' ? Buffer.from(head.subarray(0, head.length & ~1)).swap16() : head;
  const text = new StringDecoder(encoding === 'utf8' ? 'utf8' : 'utf16le').write(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * A copy of `text` that does not share memory with the chunk it was cut from. V8 keeps a whole
 * 64 KiB chunk alive for any slice of it, so strings kept across a streamed file (author names,
 * attachment names) must be detached, or memory grows with the file.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
