import type { ExportSource } from '../../export-source.js';
import { detach, readTextLines } from '../../text-lines.js';
import { readBodyOpening } from './body.js';
import { parseHeader, type WhatsAppHeader } from './header.js';
import { readRest } from './rest.js';
import { GROUP_TITLE, type Language } from './vocabulary.js';

/** A header seen in the scan, kept for reasons and first/last times. */
export interface HeaderSample {
  readonly header: WhatsAppHeader;
  readonly lineNumber: number;
  /** The date as written, e.g. `12/03/2024`. */
  readonly dateText: string;
}

type Order = 'dmy' | 'mdy';

/** What one header style (see {@link WhatsAppHeader.style}) says across the whole file. */
export interface StyleStats {
  readonly style: string;
  count: number;
  readonly first: HeaderSample;
  last: HeaderSample;
  /** First header whose first / second field is over 12 (so it must be the day). */
  firstFieldOver12?: HeaderSample;
  secondFieldOver12?: HeaderSample;
  /** Consecutive dates of one year where one field went down as the other went up (a month rolled over). */
  firstFieldRollover?: HeaderSample;
  secondFieldRollover?: HeaderSample;
  /** Distinct dates as written, a few kept for messages. */
  readonly sampleDates: Set<string>;
  /** Times going backwards by more than an hour, under each reading of the date. */
  readonly backwards: Record<Order | 'ymd', { count: number; firstLine?: number }>;
  previous?: WhatsAppHeader;
  /** Authors of lines that can only be messages, with their first line. */
  readonly authors: Map<string, number>;
  readonly attachmentNames: Set<string>;
  readonly languages: Map<Language, number>;
  readonly exporterNames: Set<string>;
  titleAuthor?: string;
  groupTitle?: string;
  /** Lines read as system sentences containing `: ` (for the author-split inference). */
  readonly splitSystemLines: number[];
}

export interface ScanResult {
  readonly chatFile: string;
  readonly styles: Map<string, StyleStats>;
  readonly headerLineCount: number;
  /** Non-empty lines before the first header. */
  readonly orphanLines: number;
  /** Set when the last line looks cut off (file truncated). */
  readonly truncatedLine?: number;
}

const HOUR_MS = 3_600_000;

/** First pass over a chat file: counts and evidence only, memory bounded by distinct dates and authors. */
export async function scanChat(source: ExportSource, chatFile: string): Promise<ScanResult> {
  const styles = new Map<string, StyleStats>();
  let headerLineCount = 0;
  let orphanLines = 0;
  let truncatedLine: number | undefined;
  for await (const line of readTextLines(await source.open(chatFile))) {
    const header = parseHeader(line.text);
    if (!line.isTerminated && looksCut(line.text, header)) truncatedLine = line.lineNumber;
    if (!header) {
      if (headerLineCount === 0 && line.text.trim() !== '') orphanLines += 1;
      continue;
    }
    headerLineCount += 1;
    const sample: HeaderSample = {
      header,
      lineNumber: line.lineNumber,
      dateText: header.fields
        .map((field, i) => String(field).padStart(header.fieldWidths[i]!, '0'))
        .join('/'),
    };
    let stats = styles.get(header.style);
    if (!stats) {
      stats = createStats(sample);
      styles.set(header.style, stats);
    }
    recordDate(stats, sample);
    recordRest(stats, header.rest, line.lineNumber);
  }
  return {
    chatFile,
    styles,
    headerLineCount,
    orphanLines,
    ...(truncatedLine === undefined ? {} : { truncatedLine }),
  };
}

function createStats(first: HeaderSample): StyleStats {
  return {
    style: first.header.style,
    count: 0,
    first,
    last: first,
    sampleDates: new Set(),
    backwards: { dmy: { count: 0 }, mdy: { count: 0 }, ymd: { count: 0 } },
    authors: new Map(),
    attachmentNames: new Set(),
    languages: new Map(),
    exporterNames: new Set(),
    splitSystemLines: [],
  };
}

function recordDate(stats: StyleStats, sample: HeaderSample): void {
  const { header } = sample;
  const [a, b, year] = header.fields;
  stats.count += 1;
  stats.last = { ...sample, header: { ...header, rest: '' } };
  if (stats.sampleDates.size < 5) stats.sampleDates.add(sample.dateText);
  if (a > 12 && !stats.firstFieldOver12) stats.firstFieldOver12 = sample;
  if (b > 12 && !stats.secondFieldOver12) stats.secondFieldOver12 = sample;
  const previous = stats.previous;
  if (previous) {
    const [pa, pb, pyear] = previous.fields;
    if (pyear === year) {
      if (a < pa && b > pb && !stats.firstFieldRollover) stats.firstFieldRollover = sample;
      if (b < pb && a > pa && !stats.secondFieldRollover) stats.secondFieldRollover = sample;
    }
    for (const order of ['dmy', 'mdy', 'ymd'] as const) {
      if (wallClockMs(header, order) < wallClockMs(previous, order) - HOUR_MS) {
        const record = stats.backwards[order];
        record.count += 1;
        record.firstLine ??= sample.lineNumber;
      }
    }
  }
  stats.previous = { ...header, rest: '' };
}

function recordRest(stats: StyleStats, rest: string, lineNumber: number): void {
  const reading = readRest(rest);
  if (reading.kind === 'system') {
    if (reading.language) addLanguage(stats, reading.language);
    if (reading.titleAuthor) stats.titleAuthor ??= detach(reading.titleAuthor);
    const title = GROUP_TITLE.exec(reading.text);
    if (title) stats.groupTitle = detach(title[1]!);
    return;
  }
  if (reading.kind === 'system-or-message') {
    addLanguage(stats, reading.language);
    const title = GROUP_TITLE.exec(reading.text);
    if (title) stats.groupTitle = detach(title[1]!);
    if (stats.splitSystemLines.length < 3) stats.splitSystemLines.push(lineNumber);
    return;
  }
  if (!stats.authors.has(reading.author)) stats.authors.set(detach(reading.author), lineNumber);
  const opening = readBodyOpening(reading.body);
  if ('language' in opening && opening.language) addLanguage(stats, opening.language);
  if (opening.kind === 'attachment' && !stats.attachmentNames.has(opening.fileName)) {
    stats.attachmentNames.add(detach(opening.fileName));
  }
  if (
    opening.kind === 'deleted' &&
    opening.isByExporter &&
    !stats.exporterNames.has(reading.author)
  ) {
    stats.exporterNames.add(detach(reading.author));
  }
}

function addLanguage(stats: StyleStats, language: Language): void {
  stats.languages.set(language, (stats.languages.get(language) ?? 0) + 1);
}

/** Wall-clock milliseconds under one reading of the date (arithmetic only, no time zone). */
export function wallClockMs(header: WhatsAppHeader, order: 'dmy' | 'mdy' | 'ymd'): number {
  const { year, month, day } = datePartsOf(header, order);
  return Date.UTC(year, month - 1, day, header.hour, header.minute, header.second ?? 0);
}

/** Year, month and day of a header under a date order; 2-digit years are 20xx. */
export function datePartsOf(
  header: WhatsAppHeader,
  order: 'dmy' | 'mdy' | 'ymd',
): { year: number; month: number; day: number } {
  const [a, b, c] = header.fields;
  if (order === 'ymd') return { year: a, month: b, day: c };
  const year = header.fieldWidths[2] <= 2 ? 2000 + c : c;
  return order === 'dmy' ? { year, month: b, day: a } : { year, month: a, day: b };
}

/** A last line with no line break that is a broken header or ends in a broken character. */
function looksCut(text: string, header: WhatsAppHeader | undefined): boolean {
  if (text.endsWith('\uFFFD')) return true;
  return header === undefined && /^[\u200E\u200F]?\[?\d{1,4}[./-]\s?\d/.test(text);
}
