import { DateTime, IANAZone } from 'luxon';
import type { RecordedTime } from './time.js';

/** True when `zone` is an IANA zone name this Node knows (e.g. Europe/Paris). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The UTC offset (`+01:00`) in force in `zone` at `instant`. */
export function offsetAt(instant: Date, zone: string): string {
  const bucket = Math.floor(instant.getTime() / OFFSET_BUCKET_MS);
  const key = `${zone} ${bucket}`;
  const known = offsetCache.get(key);
  if (known !== undefined) return known;
  const offset = formatOffset(instant.getTime(), zone);
  // Cached for the whole quarter hour only when it holds no change of offset (checked at both
  // ends: offsets change at most once in 15 minutes). Thousands of files added at once have their
  // times in a few quarter hours, and each luxon lookup cost ~0.1 ms.
  const start = bucket * OFFSET_BUCKET_MS;
  if (
    formatOffset(start, zone) === offset &&
    formatOffset(start + OFFSET_BUCKET_MS - 1, zone) === offset
  ) {
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

const OFFSET_BUCKET_MS = 15 * 60 * 1000;
const offsetCache = new Map<string, string>();

function formatOffset(millis: number, zone: string): string {
  return DateTime.fromMillis(millis, { zone }).toFormat('ZZ');
}

/** A time read from this machine's clock, stored as UTC plus the offset of the case's zone. */
export function clockTime(instant: Date, zone: string, note?: string): RecordedTime {
  return {
    source: 'clock',
    instant: instant.toISOString(),
    offset: offsetAt(instant, zone),
    zone,
    precision: 'ms',
    ...(note ? { note } : {}),
  };
}

/**
 * Interprets a local wall-clock time (`YYYY-MM-DDTHH:mm[:ss]`) in an IANA zone.
 * Returns the instant, the offset, and whether the wall time falls in a DST gap (does not exist)
 * or a repeated hour (exists twice): then the instant is only one of the possibilities.
 */
export function interpretWallClock(
  wallClock: string,
  zone: string,
): { instant: string; offset: string; isDstAmbiguous: boolean } | undefined {
  const local = DateTime.fromISO(wallClock, { zone });
  if (!local.isValid) return undefined;
  const format = wallClock.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
  const isGap = local.toFormat(format) !== wallClock;
  return {
    instant: local.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
    offset: local.toFormat('ZZ'),
    isDstAmbiguous: isGap || countInstants(wallClock, zone, format) > 1,
  };
}

/** How many instants show as this wall-clock time in the zone (2 in the repeated autumn hour). */
function countInstants(wallClock: string, zone: string, format: string): number {
  const asUtc = DateTime.fromISO(wallClock, { zone: 'utc' });
  const offsets = new Set(
    [-6, 0, 6].map(
      (hours) => DateTime.fromMillis(asUtc.toMillis() + hours * 3_600_000, { zone }).offset,
    ),
  );
  let count = 0;
  for (const offset of offsets) {
    const candidate = DateTime.fromMillis(asUtc.toMillis() - offset * 60_000, { zone });
    if (candidate.toFormat(format) === wallClock) count += 1;
  }
  return count;
}
