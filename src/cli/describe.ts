import { DateTime } from 'luxon';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';
import type { RecordedTime } from '../model/time.js';
import { type CliContext, formatBytes } from './context.js';
import { escapeForTerminal } from './escape.js';

/** Renders a catalogue line in the command's language (CliContext.say). */
export type Say = CliContext['say'];

/** One line per exhibit for `add` and `list`, in the command's language. */
export function describeExhibitLine(exhibit: Exhibit, say: Say): string {
  const id = formatExhibitId(exhibit.number).padEnd(4);
  const file = exhibit.files[0];
  const name = escapeForTerminal(
    exhibit.conversation?.title ?? file?.name ?? say('cli.exhibit.descriptionOnly'),
  );
  const parts = [`${id} ${say(`cli.exhibit.kind.${exhibit.kind}`).padEnd(12)} ${name}`];
  if (exhibit.image?.width && exhibit.image.height)
    parts.push(`${exhibit.image.width}×${exhibit.image.height}`);
  if (exhibit.conversation)
    parts.push(say('cli.exhibit.messages', { count: exhibit.conversation.messageCount }));
  if (file)
    parts.push(
      formatBytes(
        exhibit.files.reduce((sum, f) => sum + f.size, 0),
        say,
      ),
    );
  const time = bestTime(exhibit.times);
  if (time) parts.push(`${describeTime(time, say)}`);
  if (file) parts.push(`SHA-256 ${file.sha256.slice(0, 16)}…`);
  if (exhibit.isSensitive) parts.push(say('cli.exhibit.sensitive'));
  if (exhibit.withdrawn)
    parts.push(say('cli.exhibit.withdrawn', { reason: exhibit.withdrawn.reason }));
  return `  ${parts.join('  ')}`;
}

/** The most telling time: EXIF, then file name, then export, then file date. */
export function bestTime(times: readonly RecordedTime[]): RecordedTime | undefined {
  const order: RecordedTime['source'][] = [
    'exif',
    'file-name',
    'export',
    'email-date',
    'email-received',
    'declared',
    'file-mtime',
  ];
  for (const source of order) {
    const found = times.find((time) => time.source === source);
    if (found) return found;
  }
  return times[0];
}

/** A time and where it was read (`cli.time.source.<source>`: file name, EXIF…). */
export function describeTime(time: RecordedTime, say: Say): string {
  const shown = time.wallClock
    ? time.wallClock.replace('T', ' ')
    : time.instant
      ? formatInstant(time.instant, time.offset)
      : '?';
  return `${shown} (${say(`cli.time.source.${time.source}`)})`;
}

/** `2026-11-30 02:47:58 +01:00`: the instant shown in the offset it was recorded with. */
export function formatInstant(instant: string, offset?: string): string {
  // Plain arithmetic for the usual case: `add` prints one line per file, and luxon cost ~0.1 ms each.
  const fast = formatInstantQuickly(instant, offset);
  if (fast) return fast;
  const zone = offset ? `UTC${offset}` : 'utc';
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
  return local.isValid
    ? local.toFormat(offset ? 'yyyy-LL-dd HH:mm:ss ZZ' : "yyyy-LL-dd HH:mm:ss 'UTC'")
    : instant;
}

/** {@link formatInstant} for an ISO instant of years 1000–9999 and a `±HH:MM` offset, else undefined. */
function formatInstantQuickly(instant: string, offset?: string): string | undefined {
  const match = offset ? /^([+-])(\d{2}):(\d{2})$/.exec(offset) : undefined;
  if (offset && !match) return undefined;
  const millis = Date.parse(instant);
  if (Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}T/.test(instant)) return undefined;
  const shift = match
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000
    : 0;
  const iso = new Date(millis + shift).toISOString();
  if (!/^\d{4}-/.test(iso)) return undefined;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} ${offset ?? 'UTC'}`;
}
