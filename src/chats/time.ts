import { IANAZone } from 'luxon';
import type { MessageTime } from '../model/conversation.js';
import { UsageError } from '../model/errors.js';

/** A local wall-clock time as read from an export, before any zone is applied. */
export interface WallClockParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

/** Years -9999 to 9999 (ISO 8601's four digits): beyond, an export's time is damage, not a date. */
const MIN_EPOCH_MS = Date.UTC(-9999, 0, 1);
const MAX_EPOCH_MS = Date.UTC(10_000, 0, 1) - 1;

/** True for epoch milliseconds that are a time a message can have (finite, within ±10,000 years). */
export function isReadableEpochMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS;
}

/**
 * An exact instant from epoch milliseconds; an unreadable value (NaN, 1e400, a 26-digit number)
 * gives a time with no instant that keeps the raw value, so one bad message never stops a chat.
 */
export function timeFromEpochMs(
  ms: number,
  precision: MessageTime['precision'],
  raw: string = String(ms),
): MessageTime {
  if (!isReadableEpochMs(ms)) return { precision, unreadable: raw.slice(0, 64) };
  return { instant: new Date(ms).toISOString(), precision };
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

/**
 * Converts wall-clock times to instants in one IANA zone (never the machine's), flagging the
 * times that fall in a DST gap (no such instant) or in the repeated autumn hour (two instants;
 * the earlier is kept). Offsets are cached per quarter hour, since every zone's transitions fall
 * on one, so a million messages cost a few thousand zone look-ups.
 */
export class WallClockConverter {
  readonly zoneName: string;
  private readonly zone: IANAZone;
  private readonly cache = new Map<number, { offsets: number[]; isGap: boolean }>();

  constructor(zoneName: string) {
    if (!IANAZone.isValidZone(zoneName)) {
      throw new UsageError({ code: 'error.chats.time.knownIanaTime', params: { zoneName } });
    }
    this.zoneName = zoneName;
    this.zone = IANAZone.create(zoneName);
  }

  /** Returns undefined when the parts are not a calendar date/time (31/02, 25:00…). */
  convert(parts: WallClockParts, precision: 'minute' | 'second'): MessageTime | undefined {
    const second = parts.second ?? 0;
    const localMs = Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      second,
    );
    if (!isSameWallClock(localMs, parts, second)) return undefined;
    const wallClock = formatWallClock(parts, precision);
    const { offsets, isGap } = this.offsetsAt(localMs);
    const isDstAmbiguous = isGap || offsets.length > 1;
    // In a gap, read the time with the offset in force just before it (the clock "ran on").
    const offset = isGap ? this.zone.offset(localMs - DAY_MS) : Math.max(...offsets);
    const instant = toIsoUtc(localMs - offset * MINUTE_MS);
    return isDstAmbiguous
      ? { instant, wallClock, zone: this.zoneName, precision, isDstAmbiguous: true }
      : { instant, wallClock, zone: this.zoneName, precision };
  }

  /** The offsets (minutes) that map back to this wall-clock time: none in a gap, two in a repeat. */
  private offsetsAt(localMs: number): { offsets: number[]; isGap: boolean } {
    const key = Math.floor(localMs / QUARTER_HOUR_MS);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const candidates = new Set([
      this.zone.offset(localMs - DAY_MS),
      this.zone.offset(localMs + DAY_MS),
    ]);
    const offsets = [...candidates].filter(
      (offset) => this.zone.offset(localMs - offset * MINUTE_MS) === offset,
    );
    const result = { offsets, isGap: offsets.length === 0 };
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }
}

function isSameWallClock(localMs: number, parts: WallClockParts, second: number): boolean {
  const date = new Date(localMs);
  return (
    date.getUTCFullYear() === parts.year &&
    date.getUTCMonth() === parts.month - 1 &&
    date.getUTCDate() === parts.day &&
    date.getUTCHours() === parts.hour &&
    date.getUTCMinutes() === parts.minute &&
    date.getUTCSeconds() === second
  );
}

/** `YYYY-MM-DDTHH:mm[:ss]`. */
export function formatWallClock(parts: WallClockParts, precision: 'minute' | 'second'): string {
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const base = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}`;
  return precision === 'second' ? `${base}:${pad(parts.second ?? 0)}` : base;
}

function toIsoUtc(ms: number): string {
  // Wall-clock times have whole seconds: drop the `.000`.
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
