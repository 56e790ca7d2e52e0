import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** One line of a text export, without its line break, numbered from 1. */
export interface TextLine {
  readonly text: string;
  readonly lineNumber: number;
  /** False for a last line that ends without a line break. */
  readonly isTerminated: boolean;
  /** Characters past {@link MAX_LINE_CHARS} that were not kept (the evidence copy has them all). */
  readonly droppedChars: number;
}

/**
 * Longest line kept, in characters. WhatsApp caps a message at 65,536 characters: a longer line
 * is damage or an attack (one 50 MB line), and is cut here for display, never held whole.
 */
export const MAX_LINE_CHARS = 100_000;

/**
 * Streams the lines of a text export. Decodes UTF-8 (or UTF-16 LE/BE when the file starts with
 * its byte-order mark), drops a leading BOM, accepts `\n` and `\r\n` line ends. Memory stays
 * bounded by {@link MAX_LINE_CHARS}, whatever the file: each chunk is scanned once, and what a
 * line holds past the limit is counted, not kept.
 */
export async function* readTextLines(stream: Readable): AsyncGenerator<TextLine> {
  let decoder: StringDecoder | undefined;
  let swapBytes = false;
  let pending = '';
  let droppedChars = 0;
  let lastChar = '';
  let lineNumber = 0;
  let isFirstText = true;
  const take = (piece: string): void => {
    if (piece === '') return;
    lastChar = piece.charAt(piece.length - 1);
    const room = MAX_LINE_CHARS - pending.length;
    if (piece.length <= room) pending += piece;
    else {
      if (room > 0) pending += piece.slice(0, room);
      droppedChars += piece.length - Math.max(room, 0);
    }
  };
  const finishLine = (isTerminated: boolean): TextLine => {
    lineNumber += 1;
    let text = pending;
    let dropped = droppedChars;
    if (lastChar === '\r') {
      if (dropped > 0) dropped -= 1;
      else text = text.slice(0, -1);
    }
    pending = '';
    droppedChars = 0;
    lastChar = '';
    return { text, lineNumber, isTerminated, droppedChars: dropped };
  };
  for await (const raw of stream as AsyncIterable<Buffer>) {
    let chunk = raw;
    if (decoder === undefined) {
      const encoding = detectEncoding(chunk);
      swapBytes = encoding === 'utf16be';
      decoder = new StringDecoder(encoding === 'utf8' ? 'utf8' : 'utf16le');
    }
    if (swapBytes) chunk = Buffer.from(chunk).swap16();
    let text = decoder.write(chunk);
    if (isFirstText && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      isFirstText = false;
    }
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      take(text.slice(start, end));
      yield finishLine(true);
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    take(text.slice(start));
  }
  if (decoder) take(decoder.end());
  if (pending.length > 0 || droppedChars > 0) yield finishLine(false);
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
