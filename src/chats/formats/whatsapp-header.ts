/**
 * The header that starts every WhatsApp message line: date, time, then `- ` (Android), `] `
 * (iPhone) or `: ` (old builds), then the rest (`Author: text`, or a system sentence).
 */

/** Bidi and zero-width marks WhatsApp sprinkles around dates, names and bodies. */
export const MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LEADING_MARKS = /^[\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]+/;

const TWELVE_HOUR_MARKERS =
  'a\\.?\\s?m\\.?|p\\.?\\s?m\\.?|vorm\\.|nachm\\.|午前|午後|오전|오후|上午|下午|ص|م';

const HEADER = new RegExp(
  '^[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]*(\\[)?[\\u200E\\u200F]*' +
    // date: 12/03/2024, 3/12/24, 12.03.24, 2024-03-12, 13. 6. 2018.
    '(\\d{1,4})([./-])\\s?(\\d{1,2})\\3\\s?(\\d{1,4})\\.?' +
    // between date and time: optional comma, spaces, optionally a short word (fi `klo`)
    '(,?)\\s+(?:(?:klo|um|à|at|om|alle|às)\\s+)?' +
    `(?:(${TWELVE_HOUR_MARKERS})\\s?)?` +
    '(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?' +
    `(?:\\s?(${TWELVE_HOUR_MARKERS}))?` +
    // end of header: `] `, ` - `, or `: `
    '(?:(\\])[\\u200E\\u200F]*\\s?(?:[-–]\\s)?|(\\s[-–]\\s)|:\\s)' +
    '(.*)$',
  'i',
);

const PM_MARKERS = /^(p|nachm|午後|오후|下午|م)/i;

export interface WhatsAppHeader {
  /** The three date fields as written, in order of appearance. */
  readonly fields: readonly [number, number, number];
  readonly fieldWidths: readonly [number, number, number];
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
  /** Everything after the header: `Author: text` or a system sentence. */
  readonly rest: string;
  /** Groups lines written by the same exporter settings; two styles in a file means mixed formats. */
  readonly style: string;
}

/** Parses a header line, or returns undefined for a continuation line. */
export function parseHeader(line: string): WhatsAppHeader | undefined {
  if (line.length < 12) return undefined;
  const first = line.charCodeAt(0);
  // Fast path: a header starts with a digit, `[` or a mark.
  if (!(first >= 48 && first <= 57) && first !== 91 && first < 0x200e) return undefined;
  const match = HEADER.exec(line);
  if (!match) return undefined;
  const [
    ,
    bracket,
    f1,
    dateSep,
    f2,
    f3,
    comma,
    preMarker,
    h,
    m,
    s,
    postMarker,
    closing,
    dash,
    rest,
  ] = match;
  if ((bracket === '[') !== (closing === ']')) return undefined;
  const marker = preMarker ?? postMarker;
  let hour = Number(h);
  const minute = Number(m);
  if (minute > 59 || (s !== undefined && Number(s) > 59)) return undefined;
  if (marker !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    const isPm = PM_MARKERS.test(marker.replace(/\s/g, ''));
    hour = (hour % 12) + (isPm ? 12 : 0);
  } else if (hour > 23) {
    return undefined;
  }
  const widths = [f1!.length, f2!.length, f3!.length] as const;
  const yearShape = widths[0] > 2 ? 'Y---' : widths[2] > 2 ? '--Y4' : '--Y2';
  const ending = closing === ']' ? ']' : dash !== undefined ? '-' : ':';
  const style = [
    bracket ?? '',
    yearShape,
    dateSep,
    comma ? ',' : '',
    marker === undefined ? '24h' : '12h',
    s === undefined ? 'hm' : 'hms',
    ending,
  ].join(' ');
  return {
    fields: [Number(f1), Number(f2), Number(f3)],
    fieldWidths: widths,
    hour,
    minute,
    ...(s === undefined ? {} : { second: Number(s) }),
    rest: rest ?? '',
    style,
  };
}

/** Drops the bidi marks at the start of a body. */
export function stripLeadingMarks(text: string): string {
  return text.replace(LEADING_MARKS, '');
}

/** Readable label of a style for messages: `12/03/2024 14:23 -`-like. */
export function describeStyle(style: string): string {
  const [bracket, yearShape, sep, comma, clock, seconds, ending] = style.split(' ');
  const date =
    yearShape === 'Y---'
      ? `yyyy${sep}mm${sep}dd`
      : `nn${sep}nn${sep}${yearShape === '--Y4' ? 'yyyy' : 'yy'}`;
  const time = `${seconds === 'hms' ? 'hh:mm:ss' : 'hh:mm'}${clock === '12h' ? ' AM/PM' : ''}`;
  const open = bracket === '[' ? '[' : '';
  const close = ending === ']' ? ']' : ending === '-' ? ' -' : ':';
  return `${open}${date}${comma ?? ''} ${time}${close}`;
}
