import { DateTime } from 'luxon';
import type { MessageTime } from '../../model/conversation.js';
import type { DisplayTime } from '../assemble.js';
import type { DossierTexts } from './templates.js';

const TIME_FORMATS: Readonly<Record<DisplayTime['precision'], string>> = {
  day: '',
  minute: ' HH:mm',
  second: ' HH:mm:ss',
  ms: ' HH:mm:ss.SSS',
};

/**
 * A time as the dossier prints it, always with its zone or the lack of one:
 * an exact instant in its own zone (or offset), or in the case's zone; a wall-clock time with the
 * zone that was assumed for it, or "zone unknown".
 */
export function formatDisplayTime(
  time: DisplayTime,
  texts: DossierTexts,
  caseZone: string,
): string {
  const pattern = texts.t('time.dayFormat') + TIME_FORMATS[time.precision];
  if (time.wallClock && (time.isZoneAssumed || !time.instant)) {
    const local = DateTime.fromISO(time.wallClock, { zone: 'UTC' });
    const date = local.isValid ? local.toFormat(pattern) : time.wallClock;
    return time.zone
      ? texts.t('time.assumedZone', { date, zone: time.zone })
      : texts.t('time.noZone', { date });
  }
  if (!time.instant) return texts.t('time.unknown');
  const fast = formatInstantFast(time, texts, caseZone);
  if (fast !== undefined) return fast;
  const instant = DateTime.fromISO(time.instant, { zone: 'UTC' });
  if (!instant.isValid) return time.instant;
  if (time.zone) {
    const local = instant.setZone(time.zone);
    return texts.t('time.withZone', {
      date: local.toFormat(pattern),
      zone: time.zone,
      offset: local.toFormat('ZZ'),
    });
  }
  if (time.offset && /^[+-]\d{2}:\d{2}$/.test(time.offset)) {
    const local = instant.setZone(`UTC${time.offset}`);
    return texts.t('time.withOffset', { date: local.toFormat(pattern), offset: time.offset });
  }
  const local = instant.setZone(caseZone);
  return texts.t('time.withZone', {
    date: local.toFormat(pattern),
    zone: caseZone,
    offset: local.toFormat('ZZ'),
  });
}

const LOCAL_PARTS = new Map<string, Intl.DateTimeFormat>();
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The same text as the luxon path below for the usual case (an ISO instant, a zone or an offset,
 * a four-digit year, one of the two day formats of the templates), through a cached Intl formatter:
 * luxon took seconds for the tens of thousands of times of a case of 5,000 exhibits. Undefined
 * when unsure: luxon then formats it.
 */
function formatInstantFast(
  time: DisplayTime,
  texts: DossierTexts,
  caseZone: string,
): string | undefined {
  const instant = time.instant!;
  const dayFormat = texts.t('time.dayFormat');
  if (!ISO_INSTANT.test(instant) || (dayFormat !== 'dd/MM/yyyy' && dayFormat !== 'yyyy-MM-dd'))
    return undefined;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return undefined;
  const hasOffset =
    !time.zone && time.offset !== undefined && /^[+-]\d{2}:\d{2}$/.test(time.offset);
  const zone = time.zone ?? (hasOffset ? 'UTC' : caseZone);
  let shift = 0;
  if (hasOffset) {
    const sign = time.offset!.startsWith('-') ? -1 : 1;
    shift =
      sign * (Number(time.offset!.slice(1, 3)) * 60 + Number(time.offset!.slice(4, 6))) * 60_000;
  }
  let formatter = LOCAL_PARTS.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        fractionalSecondDigits: 3,
        hourCycle: 'h23',
        timeZoneName: 'longOffset',
      });
    } catch {
      return undefined;
    }
    LOCAL_PARTS.set(zone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(ms + shift)) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second, fractionalSecond, timeZoneName } = parts;
  if (year?.length !== 4 || !/^GMT([+-]\d{2}:\d{2})?$/.test(timeZoneName ?? '')) return undefined;
  const offset = timeZoneName === 'GMT' ? '+00:00' : timeZoneName!.slice(3);
  const date = dayFormat === 'dd/MM/yyyy' ? `${day}/${month}/${year}` : `${year}-${month}-${day}`;
  const clock = {
    day: '',
    minute: ` ${hour}:${minute}`,
    second: ` ${hour}:${minute}:${second}`,
    ms: ` ${hour}:${minute}:${second}.${fractionalSecond}`,
  }[time.precision];
  if (clock === undefined) return undefined;
  if (hasOffset) return texts.t('time.withOffset', { date: date + clock, offset: time.offset! });
  return texts.t('time.withZone', { date: date + clock, zone, offset });
}

export function formatSource(time: DisplayTime, texts: DossierTexts): string {
  return texts.t(`time.sources.${time.source}`);
}

/**
 * Fast local date and time of chat messages in one zone (a transcript formats tens of thousands):
 * wall-clock times are printed as written, instants through a cached Intl formatter.
 */
export class MessageClock {
  private readonly formatter: Intl.DateTimeFormat;
  constructor(readonly zone: string) {
    this.formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** `{ day: 'YYYY-MM-DD', time: 'HH:mm[:ss]' }`, or undefined when the message has no time. */
  local(time: MessageTime): { day: string; time: string } | undefined {
    const withSeconds = time.precision !== 'minute';
    if (time.wallClock) {
      return {
        day: time.wallClock.slice(0, 10),
        time: time.wallClock.slice(11, withSeconds ? 19 : 16),
      };
    }
    if (!time.instant) return undefined;
    const ms = Date.parse(time.instant);
    if (Number.isNaN(ms)) return undefined;
    // en-CA gives "2024-03-12, 21:04:55"
    const text = this.formatter.format(ms);
    return { day: text.slice(0, 10), time: text.slice(12, withSeconds ? 20 : 17) };
  }
}

/** A long date header for a transcript day (`mardi 12 mars 2024`). */
export function formatDayHeader(day: string, language: 'fr' | 'en'): string {
  const date = DateTime.fromISO(day, { zone: 'UTC' });
  if (!date.isValid) return day;
  return date.setLocale(language === 'fr' ? 'fr-FR' : 'en-GB').toFormat('cccc d LLLL yyyy');
}

export function formatBytes(size: number, texts: DossierTexts): string {
  const grouped = size.toLocaleString(texts.language === 'fr' ? 'fr-FR' : 'en-GB');
  return texts.t('common.bytes', { n: grouped });
}
