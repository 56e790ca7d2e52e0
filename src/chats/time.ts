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
const NOT_COMMON = null;
const TWO_DIGITS = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
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
  private readonly days = new Map<number, { ms: number; text: string } | null>();
  private readonly utcDays = new Map<number, string>();

  constructor(zoneName: string) {
    if (!IANAZone.isValidZone(zoneName)) {
      throw new UsageError({ code: 'error.chats.time.knownIanaTime', params: { zoneName } });
    }
    this.zoneName = zoneName;
    this.zone = IANAZone.create(zoneName);
  }

  /** Returns undefined when the parts are not a calendar date/time (31/02, 25:00…). */
  convert(parts: WallClockParts, precision: 'minute' | 'second'): MessageTime | undefined {
    const quick = this.convertCommon(parts, precision);
    return quick === NOT_COMMON ? this.convertAny(parts, precision) : quick;
  }

  /**
   * The same conversion for the usual case (years 1000–9998, integer fields in range), with the
   * date parts of each day made once: a million messages span a few hundred days. Gives
   * NOT_COMMON for anything else, which {@link convertAny} handles.
   */
  private convertCommon(
    parts: WallClockParts,
    precision: 'minute' | 'second',
  ): MessageTime | undefined | typeof NOT_COMMON {
    const { year, month, day, hour, minute } = parts;
    const second = parts.second ?? 0;
    if (
      !(year >= 1000 && year <= 9998 && month >= 1 && month <= 12 && day >= 1 && day <= 31) ||
      !(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) ||
      !Number.isInteger(year + month + day + hour + minute + second)
    ) {
      return NOT_COMMON;
    }
    const localDay = this.dayOf(year, month, day);
    if (localDay === undefined) return undefined;
    const timeOfDay = hour * 3_600_000 + minute * MINUTE_MS + second * 1000;
    const localMs = localDay.ms + timeOfDay;
    const clock = `${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}`;
    const wallClock =
      precision === 'second'
        ? `${localDay.text}T${clock}:${TWO_DIGITS[second]}`
        : `${localDay.text}T${clock}`;
    const { offsets, isGap } = this.offsetsAt(localMs);
    const isDstAmbiguous = isGap || offsets.length > 1;
    const offset = isGap ? this.zone.offset(localMs - DAY_MS) : Math.max(...offsets);
    const instant = this.formatInstant(localMs - offset * MINUTE_MS);
    return isDstAmbiguous
      ? { instant, wallClock, zone: this.zoneName, precision, isDstAmbiguous: true }
      : { instant, wallClock, zone: this.zoneName, precision };
  }

  /** Midnight (UTC arithmetic) and `YYYY-MM-DD` of a calendar day, or undefined for 31/02. */
  private dayOf(
    year: number,
    month: number,
    day: number,
  ): { ms: number; text: string } | undefined {
    const key = (year * 16 + month) * 32 + day;
    let found = this.days.get(key);
    if (found === undefined) {
      const ms = Date.UTC(year, month - 1, day);
      const date = new Date(ms);
      const isReal = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
      found = isReal ? { ms, text: new Date(ms).toISOString().slice(0, 10) } : null;
      if (this.days.size > 50_000) this.days.clear();
      this.days.set(key, found);
    }
    return found ?? undefined;
  }

  /** `toIsoUtc`, with the date part of each UTC day made once. */
  private formatInstant(ms: number): string {
    const dayIndex = Math.floor(ms / DAY_MS);
    let date = this.utcDays.get(dayIndex);
    if (date === undefined) {
      date = new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
      if (this.utcDays.size > 50_000) this.utcDays.clear();
      this.utcDays.set(dayIndex, date);
    }
    const seconds = Math.floor((ms - dayIndex * DAY_MS) / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    return `${date}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[seconds % 60]}Z`;
  }

  private convertAny(
    parts: WallClockParts,
    precision: 'minute' | 'second',
  ): MessageTime | undefined {
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
