import { readFileSync } from 'node:fs';
import { decodeFsName } from '../model/fs-path.js';

/**
 * Node decodes the command line as UTF-8 and turns bytes that are not UTF-8 (a Latin-1 file
 * name) into U+FFFD, losing them. On Linux the exact bytes are in /proc/self/cmdline: the user's
 * arguments are its last entries, so each argument holding U+FFFD is read again from there with
 * its bytes kept (see model/fs-path.ts). Elsewhere, or when the two disagree, argv is unchanged.
 */
export function recoverRawArgv(argv: readonly string[]): readonly string[] {
  if (!argv.some((arg) => arg.includes('\uFFFD'))) return argv;
  let raw: Buffer[];
  try {
    const bytes = readFileSync('/proc/self/cmdline');
    raw = splitOnNul(bytes);
  } catch {
    return argv;
  }
  const userCount = argv.length - 2;
  if (userCount <= 0 || raw.length < userCount) return argv;
  const userRaw = raw.slice(raw.length - userCount);
  return argv.map((arg, index) => {
    if (index < 2 || !arg.includes('\uFFFD')) return arg;
    const recovered = decodeFsName(userRaw[index - 2]!);
    // Only take it when it is the same argument (same text where both are readable).
    return recovered.replace(/[\uDC80-\uDCFF]/g, '\uFFFD') === arg || sameShape(recovered, arg)
      ? recovered
      : arg;
  });
}

function splitOnNul(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    if (bytes[index] === 0) {
      parts.push(bytes.subarray(start, index));
      start = index + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  return parts;
}

/** Node may merge several bad bytes into one U+FFFD: compare with every replacement removed. */
function sameShape(recovered: string, arg: string): boolean {
  return recovered.replace(/[\uDC80-\uDCFF]+/g, '') === arg.replace(/\uFFFD+/g, '');
}
