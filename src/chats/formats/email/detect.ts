/** Whether an export holds an e-mail (.eml), from its entries' first bytes. */
import type { ExportSource } from '../../export-source.js';

/** How much of an entry is read to tell an e-mail, and how many entries at most. */
export const HEAD_BYTES = 8192;
export const MAX_DETECT_ENTRIES = 50;

/** Header names an e-mail starts with (a text of "Key: value" lines is not enough). */
const EMAIL_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'mime-version',
  'reply-to',
  'delivered-to',
  'authentication-results',
  'dkim-signature',
  'content-type',
]);

export type Shape = 'email' | 'outlook-msg' | 'utf16' | 'mbox' | 'other';

/** What the first bytes of a file are, as far as e-mail is concerned. */
export function shapeOf(head: Buffer): Shape {
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'outlook-msg';
  if (
    head.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) ||
    head.subarray(0, 2).equals(Buffer.from([0xfe, 0xff])) ||
    (head.length > 3 && head[1] === 0 && head[3] === 0)
  ) {
    return 'utf16';
  }
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^From \S+/.test(text)) return 'mbox';
  const block = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const lines = block.split(/\r?\n/);
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(lines[0] ?? '')) return 'other';
  const names = new Set(
    lines
      .map((line) => /^([\x21-\x39\x3b-\x7e]+):/.exec(line)?.[1]?.toLowerCase())
      .filter((name): name is string => !!name && EMAIL_HEADERS.has(name)),
  );
  const hasOrigin = names.has('from') || names.has('received') || names.has('return-path');
  return hasOrigin && names.size >= 2 ? 'email' : 'other';
}

/** An entry that starts as an e-mail does, an `.eml` one above all. */
export async function detectEmail(source: ExportSource): Promise<number> {
  try {
    let best = 0;
    const candidates = source.entries
      .filter((entry) => entry.size > 0)
      .slice(0, MAX_DETECT_ENTRIES);
    for (const entry of candidates) {
      const isEml = /\.eml$/i.test(entry.path);
      if (shapeOf(await source.read(entry.path, HEAD_BYTES)) === 'email') {
        best = Math.max(best, isEml ? 0.95 : 0.7);
      } else if (isEml) {
        best = Math.max(best, 0.3);
      }
    }
    return best;
  } catch {
    return 0;
  }
}
