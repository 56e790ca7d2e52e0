/**
 * File names that are not UTF-8 (a Latin-1 `café.txt` from an old disk or zip) are kept with
 * their bytes: each byte that is not part of valid UTF-8 becomes the lone surrogate U+DC80–U+DCFF
 * (Python's "surrogateescape"), which valid UTF-8 can never produce. Such a string round-trips to
 * the exact bytes with {@link toFsPath}, and shows as `caf\xe9.txt` with {@link escapeFsName}.
 */

const ESCAPED_BYTE = /[\uDC80-\uDCFF]/;

/** A name read as bytes from the file system, as a string that keeps every byte. */
export function decodeFsName(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWithEscapes(bytes);
  }
}

function decodeWithEscapes(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const length = utf8SequenceLength(bytes, index);
    if (length === 0) {
      text += String.fromCharCode(0xdc00 + bytes[index]!);
      index += 1;
    } else {
      text += Buffer.from(bytes.subarray(index, index + length)).toString('utf8');
      index += length;
    }
  }
  return text;
}

/** Length of the valid UTF-8 sequence starting at `index`, or 0. */
function utf8SequenceLength(bytes: Uint8Array, index: number): number {
  const first = bytes[index]!;
  if (first < 0x80) return 1;
  const length =
    first >= 0xc2 && first <= 0xdf
      ? 2
      : first >= 0xe0 && first <= 0xef
        ? 3
        : first >= 0xf0 && first <= 0xf4
          ? 4
          : 0;
  if (length === 0 || index + length > bytes.length) return 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(index, index + length));
    return length;
  } catch {
    return 0;
  }
}

/** True when the name holds bytes that are not UTF-8. */
export function hasEscapedBytes(path: string): boolean {
  return ESCAPED_BYTE.test(path);
}

/** What to give `fs`: the string itself, or the exact bytes when it holds escaped bytes. */
export function toFsPath(path: string): string | Buffer {
  if (!hasEscapedBytes(path)) return path;
  const parts: Buffer[] = [];
  for (const piece of path.split(/([\uDC80-\uDCFF])/)) {
    if (piece.length === 1 && ESCAPED_BYTE.test(piece)) {
      parts.push(Buffer.from([piece.charCodeAt(0) - 0xdc00]));
    } else if (piece !== '') {
      parts.push(Buffer.from(piece, 'utf8'));
    }
  }
  return Buffer.concat(parts);
}

/** A path read back from `fs` as bytes (`{ encoding: 'buffer' }`), as a byte-keeping string. */
export function fromFsPath(path: string | Buffer): string {
  return typeof path === 'string' ? path : decodeFsName(path);
}

/** The name for people: every byte that is not UTF-8 shown as `\xNN`. */
export function escapeFsName(path: string): string {
  return path.replace(
    /[\uDC80-\uDCFF]/g,
    (char) => `\\x${(char.charCodeAt(0) - 0xdc00).toString(16).padStart(2, '0')}`,
  );
}
