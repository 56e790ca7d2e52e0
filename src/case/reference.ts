import { DateTime } from 'luxon';

/** Letters and digits that cannot be misread when dictated or handwritten (no 0/O, 1/I). */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A case reference such as `PRV-20261130-7K3Q`: the creation date in the case's zone and four
 * random characters. `randomBytes` is injected so tests are reproducible.
 */
export function createCaseReference(now: Date, timeZone: string, randomBytes: Uint8Array): string {
  const day = DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyyLLdd');
  const suffix = [...randomBytes.subarray(0, 4)]
    .map((byte) => ALPHABET[byte % ALPHABET.length])
    .join('');
  return `PRV-${day}-${suffix}`;
}
