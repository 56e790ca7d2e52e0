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
  // A header starts with a digit, `[` or a mark: any other line is a continuation, at once.
  if (!(first >= 48 && first <= 57) && first !== 91 && first < 0x200e) return undefined;
  const quick = readPlainHeader(line);
  if (quick !== NOT_PLAIN) return quick;
  return parseHeaderByPattern(line);
}

/** The full pattern, for every header {@link readPlainHeader} leaves to it (12-hour clocks, marks, `klo`…); exported for the test that the two agree. */
export function parseHeaderByPattern(line: string): WhatsAppHeader | undefined {
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
  const ending = closing === ']' ? ']' : dash !== undefined ? '-' : ':';
  const style = styleOf(
    bracket === '[',
    widths,
    dateSep!,
    Boolean(comma),
    marker !== undefined,
    s !== undefined,
    ending,
  );
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

/** Style names, made once each: a million headers share a handful of them. */
const STYLES = new Map<string, string>();

function styleOf(
  hasBracket: boolean,
  widths: readonly [number, number, number],
  dateSep: string,
  hasComma: boolean,
  isTwelveHour: boolean,
  hasSeconds: boolean,
  ending: string,
): string {
  const yearShape = widths[0] > 2 ? 'Y---' : widths[2] > 2 ? '--Y4' : '--Y2';
  const key = `${hasBracket ? 1 : 0}${yearShape}${dateSep}${hasComma ? 1 : 0}${isTwelveHour ? 1 : 0}${hasSeconds ? 1 : 0}${ending}`;
  let style = STYLES.get(key);
  if (style === undefined) {
    style = [
      hasBracket ? '[' : '',
      yearShape,
      dateSep,
      hasComma ? ',' : '',
      isTwelveHour ? '12h' : '24h',
      hasSeconds ? 'hms' : 'hm',
      ending,
    ].join(' ');
    STYLES.set(key, style);
  }
  return style;
}

/** Returned by {@link readPlainHeader} when the line needs the full pattern. */
const NOT_PLAIN = null;
const SPACE = 32;
const DASH = 45;
const COLON = 58;
const DOT = 46;
const SLASH = 47;
const COMMA = 44;
const OPEN = 91;
const CLOSE = 93;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * The common headers (`12/03/2024 14:23 - `, `[12/03/2024, 14:23:11] `, 24-hour clock, ASCII
 * only) read with character tests, no regular expression. It takes, at each step, the choice
 * {@link HEADER} tries first, and hands the line to the pattern (NOT_PLAIN) at the first character
 * it does not expect, so a line it accepts is read exactly as the pattern reads it.
 */
function readPlainHeader(line: string): WhatsAppHeader | undefined | typeof NOT_PLAIN {
  let at = 0;
  const hasBracket = line.charCodeAt(0) === OPEN;
  if (hasBracket) at = 1;
  // Up to 4, 2 and 4 digits, one separator (`/`, `.` or `-`) used twice, each optionally followed by a space.
  const f1Start = at;
  while (at - f1Start < 5 && isDigit(line.charCodeAt(at))) at += 1;
  const w1 = at - f1Start;
  if (w1 === 0 || w1 > 4) return NOT_PLAIN;
  const sep = line.charCodeAt(at);
  if (sep !== SLASH && sep !== DOT && sep !== DASH) return NOT_PLAIN;
  at += 1;
  if (line.charCodeAt(at) === SPACE) at += 1;
  const f2Start = at;
  while (at - f2Start < 3 && isDigit(line.charCodeAt(at))) at += 1;
  const w2 = at - f2Start;
  if (w2 === 0 || w2 > 2 || line.charCodeAt(at) !== sep) return NOT_PLAIN;
  at += 1;
  if (line.charCodeAt(at) === SPACE) at += 1;
  const f3Start = at;
  while (at - f3Start < 5 && isDigit(line.charCodeAt(at))) at += 1;
  const w3 = at - f3Start;
  if (w3 === 0 || w3 > 4) return NOT_PLAIN;
  if (line.charCodeAt(at) === DOT) at += 1;
  const hasComma = line.charCodeAt(at) === COMMA;
  if (hasComma) at += 1;
  // `\s+` then straight to the hour: anything else (a tab, `klo`, `p. m.`) is the pattern's.
  if (line.charCodeAt(at) !== SPACE) return NOT_PLAIN;
  while (line.charCodeAt(at) === SPACE) at += 1;
  const hStart = at;
  while (at - hStart < 3 && isDigit(line.charCodeAt(at))) at += 1;
  const wh = at - hStart;
  if (wh === 0 || wh > 2) return NOT_PLAIN;
  const timeSep = line.charCodeAt(at);
  if (timeSep !== COLON && timeSep !== DOT) return NOT_PLAIN;
  if (!isDigit(line.charCodeAt(at + 1)) || !isDigit(line.charCodeAt(at + 2))) return NOT_PLAIN;
  const mStart = at + 1;
  at += 3;
  let sStart = -1;
  const afterMinutes = line.charCodeAt(at);
  if (
    (afterMinutes === COLON || afterMinutes === DOT) &&
    isDigit(line.charCodeAt(at + 1)) &&
    isDigit(line.charCodeAt(at + 2))
  ) {
    sStart = at + 1;
    at += 3;
  }
  // The ending: `]` (then an optional space and `- `), ` - `, or `: `.
  let ending: string;
  const next = line.charCodeAt(at);
  if (next === CLOSE) {
    ending = ']';
    at += 1;
    if (line.charCodeAt(at) === SPACE) at += 1;
    const dash = line.charCodeAt(at);
    if (dash === DASH) {
      if (line.charCodeAt(at + 1) !== SPACE) return NOT_PLAIN;
      at += 2;
    } else if (dash > 127 || (dash < 33 && at < line.length)) {
      return NOT_PLAIN;
    }
  } else if (next === SPACE) {
    if (line.charCodeAt(at + 1) !== DASH || line.charCodeAt(at + 2) !== SPACE) return NOT_PLAIN;
    ending = '-';
    at += 3;
  } else if (next === COLON) {
    if (line.charCodeAt(at + 1) !== SPACE) return NOT_PLAIN;
    ending = ':';
    at += 2;
  } else {
    return NOT_PLAIN;
  }
  const rest = line.slice(at);
  // The pattern's `(.*)$` stops at these: leave such a line to it.
  if (rest.includes('\r') || rest.includes('\u2028') || rest.includes('\u2029')) return NOT_PLAIN;
  if (hasBracket !== (ending === ']')) return undefined;
  const hour = toNumber(line, hStart, wh);
  const minute = toNumber(line, mStart, 2);
  const second = sStart < 0 ? undefined : toNumber(line, sStart, 2);
  if (minute > 59 || (second !== undefined && second > 59) || hour > 23) return undefined;
  const widths = [w1, w2, w3] as const;
  return {
    fields: [toNumber(line, f1Start, w1), toNumber(line, f2Start, w2), toNumber(line, f3Start, w3)],
    fieldWidths: widths,
    hour,
    minute,
    ...(second === undefined ? {} : { second }),
    rest,
    style: styleOf(
      hasBracket,
      widths,
      String.fromCharCode(sep),
      hasComma,
      false,
      second !== undefined,
      ending,
    ),
  };
}

function toNumber(line: string, start: number, width: number): number {
  let value = 0;
  for (let i = start; i < start + width; i++) value = value * 10 + line.charCodeAt(i) - 48;
  return value;
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
