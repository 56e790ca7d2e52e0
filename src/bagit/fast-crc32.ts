import { crc32 as zlibCrc32 } from 'node:zlib';
import CRC32 from 'crc-32';

/**
 * archiver computes every entry's CRC-32 with the `crc-32` package, in JavaScript: 0.4–1 GB/s
 * here, the largest single cost of writing a stored 1 GiB bag (a CPU profile put it above
 * SHA-256). Node's zlib.crc32 gives the same values at ~3 GB/s. This swaps `crc-32`'s `buf` (the
 * only function archiver calls) for it, once, keeping the package's contract: the seed is the
 * previous result (or anything non-numeric for a fresh start), the result a signed 32-bit int.
 * Checked against the original on a test vector before it is installed; arrays and anything
 * zlib does not take still go to the original.
 */
export function useNativeCrc32ForArchiver(): void {
  const module = CRC32 as typeof CRC32 & { buf: typeof CRC32.buf; nativeCrc32?: boolean };
  if (module.nativeCrc32) return;
  const original = module.buf;
  const native = (data: Uint8Array | number[], seed?: number): number => {
    if (!ArrayBuffer.isView(data)) return original(data, seed);
    return zlibCrc32(data, typeof seed === 'number' ? seed >>> 0 : 0) | 0;
  };
  const vector = Buffer.from('BagIt-Version: 1.0\n');
  const first = original(vector.subarray(0, 7));
  if (
    native(vector) !== original(vector) ||
    native(vector.subarray(7), first) !== original(vector.subarray(7), first)
  ) {
    return;
  }
  module.buf = native;
  module.nativeCrc32 = true;
}
