import { Readable } from 'node:stream';
import { EvidenceError } from '../../../model/errors.js';
import type { ExportSource } from '../../export-source.js';

/**
 * MMS media sits in SMS backups as base64 inside `data="…"` attributes, often megabytes each and
 * gigabytes in all. Before the XML parser sees the bytes, {@link MmsDataStripper} replaces every such
 * value by a short reference, `preuve-mms-data="<byte offset>:<decoded size>"`, so the parser never
 * holds an image and the text to parse shrinks to the messages themselves. The bytes of one part are
 * read back later, straight from that offset, by {@link extractMmsPart}.
 *
 * Safe on the backups SMS Backup & Restore writes: attribute values are double-quoted and a `"`
 * inside a value is always escaped (`&quot;`), so `data="` (or `data='`) preceded by white space
 * can only be the start of a `data` attribute.
 */
export const MMS_DATA_ATTRIBUTE = 'preuve-mms-data';

const OPENING = Buffer.from('data=');
/** `data=` and its quote. */
const OPENING_LENGTH = OPENING.length + 1;
const isQuote = (byte: number | undefined) => byte === 0x22 || byte === 0x27;
const isSpace = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

export class MmsDataStripper {
  /** Bytes held back because they may be the start of `data="`. */
  private pending = Buffer.alloc(0);
  /** File offset of the next byte to arrive. */
  private received = 0;
  /** The file byte just before the next buffer to scan. */
  private previousByte = 0x20;
  private isInData = false;
  private quote = 0x22;
  private dataStart = 0;
  private dataChars = 0;
  private dataNewlines = 0;
  private dataHead = '';
  private lastTwo: number[] = [];

  /** True when the input ended inside a `data` value (a truncated file). */
  get isInsideData(): boolean {
    return this.isInData;
  }

  /** Takes the next bytes of the file; returns the bytes to parse, with data values replaced. */
  push(chunk: Buffer): Buffer[] {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.received += chunk.length;
    const bufferStart = this.received - buffer.length;
    const out: Buffer[] = [];
    let position = 0;
    while (position < buffer.length) {
      if (this.isInData) {
        const quote = buffer.indexOf(this.quote, position);
        const end = quote === -1 ? buffer.length : quote;
        this.countData(buffer, position, end);
        if (quote === -1) {
          position = buffer.length;
          break;
        }
        out.push(Buffer.from(this.replacement()));
        this.isInData = false;
        position = quote + 1;
        continue;
      }
      const found = buffer.indexOf(OPENING, position);
      if (found === -1 || found + OPENING.length >= buffer.length) {
        // Keep back what may be the start of `data=` and its quote, until the next chunk.
        const keep =
          found === -1
            ? Math.min(OPENING.length - 1, buffer.length - position)
            : buffer.length - found;
        const emitEnd = buffer.length - keep;
        if (emitEnd > position) out.push(buffer.subarray(position, emitEnd));
        this.previousByte = emitEnd > 0 ? buffer[emitEnd - 1]! : this.previousByte;
        this.pending = Buffer.from(buffer.subarray(emitEnd));
        return out;
      }
      const before = found > 0 ? buffer[found - 1] : this.previousByte;
      const quote = buffer[found + OPENING.length];
      if (isSpace(before) && isQuote(quote)) {
        if (found > position) out.push(buffer.subarray(position, found));
        this.startData(bufferStart + found + OPENING_LENGTH, quote!);
        position = found + OPENING_LENGTH;
      } else {
        out.push(buffer.subarray(position, found + OPENING.length));
        position = found + OPENING.length;
      }
    }
    this.previousByte = buffer.length > 0 ? buffer[buffer.length - 1]! : this.previousByte;
    this.pending = Buffer.alloc(0);
    return out;
  }

  /** End of the file: returns what was held back. */
  end(): Buffer[] {
    const rest = this.isInData ? [] : [this.pending];
    this.pending = Buffer.alloc(0);
    return rest;
  }

  private startData(offset: number, quote: number): void {
    this.isInData = true;
    this.quote = quote;
    this.dataStart = offset;
    this.dataChars = 0;
    this.dataNewlines = 0;
    this.dataHead = '';
    this.lastTwo = [];
  }

  private countData(buffer: Buffer, start: number, end: number): void {
    const span = buffer.subarray(start, end);
    let spaces = 0;
    for (const byte of [0x0a, 0x0d, 0x20, 0x09]) {
      for (let at = span.indexOf(byte); at !== -1; at = span.indexOf(byte, at + 1)) {
        spaces++;
        if (byte === 0x0a) this.dataNewlines++;
      }
    }
    this.dataChars += span.length - spaces;
    if (this.dataHead.length < 8) this.dataHead += span.subarray(0, 8).toString('latin1').trim();
    const tail: number[] = [];
    for (let at = span.length - 1; at >= 0 && tail.length < 2; at--) {
      if (!isSpace(span[at])) tail.unshift(span[at]!);
    }
    this.lastTwo = [...this.lastTwo, ...tail].slice(-2);
  }

  /** The attribute that takes the place of `data="…"`; keeps the line count of the original. */
  private replacement(): string {
    const newlines = '\n'.repeat(this.dataNewlines);
    if (this.dataChars === 0 || this.dataHead.startsWith('null')) return ` ${newlines}`;
    const padding = this.lastTwo.filter((byte) => byte === 0x3d).length;
    const size = Math.floor((this.dataChars * 3) / 4) - padding;
    return `${MMS_DATA_ATTRIBUTE}="${this.dataStart}:${size}"${newlines}`;
  }
}

/** A reference to one MMS part's bytes: where its base64 starts in the backup, and its size. */
export interface MmsPartRef {
  readonly offset: number;
  readonly size: number;
}

export function formatMmsPartRef(ref: MmsPartRef): string {
  return `mms-data@${ref.offset}:${ref.size}`;
}

export function parseMmsPartRef(text: string): MmsPartRef | undefined {
  const match = /^(?:mms-data@)?(\d+):(\d+)$/.exec(text);
  if (!match) return undefined;
  return { offset: Number(match[1]), size: Number(match[2]) };
}

/**
 * Streams the decoded bytes of one MMS part of an SMS backup, given the reference the parser put in
 * `Attachment.embedded.ref` (`mms-data@<offset>:<size>`). Reads the backup from the start without
 * parsing it and decodes only that part's base64; never holds more than one chunk.
 * Throws EvidenceError if the backup no longer has a base64 value at that place or its size differs.
 */
export async function extractMmsPart(
  source: ExportSource,
  entryPath: string,
  partRef: string,
): Promise<Readable> {
  const ref = parseMmsPartRef(partRef);
  if (!ref || ref.offset < OPENING_LENGTH) {
    throw new EvidenceError({
      code: 'error.chats.formats.smsMmsData.mmsPartReference',
      params: { entryPath, partRef },
    });
  }
  const stream = await source.open(entryPath);
  return Readable.from(decodePart(stream, entryPath, ref));
}

async function* decodePart(
  stream: Readable,
  entryPath: string,
  ref: MmsPartRef,
): AsyncGenerator<Buffer> {
  const changed = (why: string) =>
    new EvidenceError({
      code: 'error.chats.formats.smsMmsData.mmsPartByte',
      params: { entryPath, offset: ref.offset, why },
    });
  let position = 0;
  let opening = Buffer.alloc(0);
  let quote = 0x22;
  let carry = '';
  let decoded = 0;
  let isDone = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const chunkStart = position;
      position += chunk.length;
      if (position <= ref.offset - OPENING_LENGTH) continue;
      let start = Math.max(0, ref.offset - OPENING_LENGTH - chunkStart);
      if (opening.length < OPENING_LENGTH) {
        const need = OPENING_LENGTH - opening.length;
        const piece = chunk.subarray(start, start + need);
        opening = Buffer.concat([opening, piece]);
        start += piece.length;
        if (opening.length < OPENING_LENGTH) continue;
        if (!opening.subarray(0, OPENING.length).equals(OPENING) || !isQuote(opening.at(-1))) {
          throw changed('no data="… attribute there');
        }
        quote = opening.at(-1)!;
      }
      const end = chunk.indexOf(quote, start);
      const text =
        carry + chunk.subarray(start, end === -1 ? chunk.length : end).toString('latin1');
      const clean = text.replace(/\s+/g, '');
      const usable = clean.length - (end === -1 ? clean.length % 4 : 0);
      carry = clean.slice(usable);
      if (usable > 0) {
        const bytes = Buffer.from(clean.slice(0, usable), 'base64');
        decoded += bytes.length;
        yield bytes;
      }
      if (end !== -1) {
        isDone = true;
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  if (!isDone) throw changed('the file ends before the part does');
  if (decoded !== ref.size) throw changed(`${decoded} bytes instead of ${ref.size}`);
}
