import { UsageError } from '../model/errors.js';
import { MAX_FACTS_FILE_BYTES } from '../model/facts.js';
import { readInputFile } from '../model/input-file.js';

/**
 * The text of a facts file (YAML or JSON), which must be UTF-8: a file saved in another encoding
 * would turn every accented letter of the family's words into "�" without a word, so it is
 * refused naming the encoding it looks like. Past {@link MAX_FACTS_FILE_BYTES} it is refused
 * before being read.
 */
export async function readFactsText(file: string, label = file): Promise<string> {
  const bytes = await readInputFile(file, { what: label, maxBytes: MAX_FACTS_FILE_BYTES });
  const encoding = describeNonUtf8(bytes);
  if (encoding !== undefined) {
    throw new UsageError({ code: 'error.case.factsFile.fileUtfSo', params: { label, encoding } });
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Undefined for UTF-8 text; else the encoding the bytes look like, with where it shows. */
export function describeNonUtf8(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'UTF-16 (it starts with a UTF-16 byte order mark)';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const offset = findFirstInvalidUtf8(bytes);
    const byte = bytes[offset] ?? 0;
    const hex = byte.toString(16).padStart(2, '0');
    const isWindows = bytes.some((b) => b >= 0x80 && b <= 0x9f);
    return `${isWindows ? 'Windows-1252' : 'ISO-8859-1 (Latin-1)'} or another 8-bit encoding (byte 0x${hex} at offset ${offset} is not UTF-8)`;
  }
}

function findFirstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection (a decode is linear; this stays fast on 1 MiB).
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      decoder.decode();
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  return low;
}
