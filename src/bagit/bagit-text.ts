/**
 * The text formats of a BagIt bag (RFC 8493): `bagit.txt`, `bag-info.txt`, manifests.
 * Pure functions shared by the bag writer and the bag verifier.
 */
import { type MessageParam, renderMessage } from '../model/messages.js';
import { sayUnsafe } from './bag-report.js';

/** A malformed line: its number, its English sentence and that sentence as a code (`bag.line.…`). */
export interface LineProblem {
  readonly line: number;
  readonly message: string;
  readonly detail: {
    readonly code: string;
    readonly params: Readonly<Record<string, MessageParam>>;
  };
}

function sayLine(
  line: number,
  code: string,
  params: Readonly<Record<string, MessageParam>> = {},
): LineProblem {
  const detail = { code, params: { line, ...params } };
  return { line, message: renderMessage('en', detail), detail };
}

/** Checksum algorithms a verifier can check, with the length of their hex digest. */
export const BAG_ALGORITHMS = {
  md5: 32,
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  sha512: 128,
} as const;
export type BagAlgorithm = keyof typeof BAG_ALGORITHMS;

export function isBagAlgorithm(name: string): name is BagAlgorithm {
  return Object.hasOwn(BAG_ALGORITHMS, name);
}

/** `bagit.txt` of a BagIt 1.0 bag. */
export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';

/** RFC 8493 §2.1.3: in manifests, `%`, CR and LF of a path are percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Inverse of {@link encodeManifestPath}; other `%xx` sequences are left as they are. */
export function decodeManifestPath(path: string): string {
  return path.replace(/%(0A|0D|25)/gi, (sequence) => {
    const code = sequence.toUpperCase();
    return code === '%0A' ? '\n' : code === '%0D' ? '\r' : '%';
  });
}

/** One manifest line per entry, in the order given: `<hex digest> <encoded path>\n`. */
export function formatManifest(entries: ReadonlyArray<{ path: string; digest: string }>): string {
  return entries.map((entry) => `${entry.digest} ${encodeManifestPath(entry.path)}\n`).join('');
}

/**
 * `bag-info.txt`: `Label: value` lines in the order given. Values never span lines here:
 * a CR or LF in a value is a caller's mistake, so it is rejected rather than folded.
 */
export function formatBagInfo(labels: ReadonlyArray<readonly [string, string]>): string {
  return labels
    .map(([label, value]) => {
      if (!/^[^:\s][^:\r\n]*$/.test(label) || label.trim() !== label) {
        throw new Error(`bag-info label ${JSON.stringify(label)} is not a valid BagIt label`);
      }
      if (/[\r\n]/.test(value)) {
        throw new Error(`bag-info value of ${label} contains a line break`);
      }
      return `${label}: ${value}\n`;
    })
    .join('');
}

/** `Payload-Oxum`: `<octet count>.<stream count>`. */
export function formatPayloadOxum(octets: number, streams: number): string {
  return `${octets}.${streams}`;
}

/** `Bag-Size`: a human reading of the payload size, in decimal units as bagit-python writes it. */
export function formatBagSize(octets: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = octets;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${octets} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Lines of a tag file, split on LF, CR LF or CR (RFC 8493 §2.1); the final empty piece dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface TagLabel {
  readonly label: string;
  readonly value: string;
  /** 1-based line where the label starts. */
  readonly line: number;
}

/**
 * Parse a `Label: value` tag file (bagit.txt, bag-info.txt). Continuation lines (starting with
 * a space or a tab) are folded into the previous value. Returns the labels and the problems met.
 * With `isLenient` (BagIt 0.97, which bagit-python and the LoC suite read that way), spaces
 * between a label and its colon are not a problem.
 */
export function parseTagLabels(
  text: string,
  options: { isLenient?: boolean } = {},
): { labels: TagLabel[]; problems: LineProblem[] } {
  const labels: TagLabel[] = [];
  const problems: LineProblem[] = [];
  const lines = splitLines(text);
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    if (/^[ \t]/.test(line)) {
      const previous = labels.pop();
      if (previous === undefined) {
        problems.push(sayLine(lineNumber, 'bag.line.continuation'));
        continue;
      }
      labels.push({ ...previous, value: `${previous.value} ${line.trim()}` });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problems.push(sayLine(lineNumber, 'bag.line.notLabel', { text: JSON.stringify(line) }));
      continue;
    }
    const label = line.slice(0, colon);
    if (label.trim() !== label && !(options.isLenient && label.trimStart() === label)) {
      problems.push(sayLine(lineNumber, 'bag.line.labelSpaces', { label: JSON.stringify(label) }));
    }
    labels.push({ label: label.trim(), value: line.slice(colon + 1).trim(), line: lineNumber });
  }
  return { labels, problems };
}

export interface ManifestLine {
  readonly digest: string;
  /** Decoded path, relative to the bag's base folder. */
  readonly path: string;
  readonly line: number;
}

/**
 * Parse a manifest (`<digest> <path>` per line, one or more spaces or tabs between).
 * Anything else — a blank line, leading or stray whitespace, a digest that is not hex of the
 * algorithm's length — is returned as a problem naming the line, never silently skipped.
 */
export function parseManifest(
  text: string,
  algorithm: BagAlgorithm,
  options: { decodePaths: boolean },
): { entries: ManifestLine[]; problems: LineProblem[] } {
  const entries: ManifestLine[] = [];
  const problems: LineProblem[] = [];
  const digestLength = BAG_ALGORITHMS[algorithm];
  for (const [index, raw] of splitLines(text).entries()) {
    const line = index + 1;
    if (raw.trim() === '') {
      problems.push(sayLine(line, 'bag.line.blank'));
      continue;
    }
    if (/^\s/.test(raw)) {
      problems.push(sayLine(line, 'bag.line.leadingSpace'));
      continue;
    }
    const match = /^(\S+)([ \t]+)(.*)$/.exec(raw);
    if (match === null) {
      const stray = /^\S*(\s)/.exec(raw)?.[1];
      problems.push(
        stray === undefined
          ? sayLine(line, 'bag.line.noSpace')
          : sayLine(line, 'bag.line.straySpace', { space: JSON.stringify(stray) }),
      );
      continue;
    }
    const [, digest = '', , rawPath = ''] = match;
    if (!new RegExp(`^[0-9a-fA-F]{${digestLength}}$`).test(digest)) {
      problems.push(
        sayLine(line, 'bag.line.notDigest', {
          digest: JSON.stringify(digest),
          algorithm,
          length: digestLength,
        }),
      );
      continue;
    }
    if (rawPath === '') {
      problems.push(sayLine(line, 'bag.line.noPath'));
      continue;
    }
    if (/[^\S ]/.test(rawPath) || /\s$/.test(rawPath)) {
      problems.push(sayLine(line, 'bag.line.pathSpace', { path: JSON.stringify(rawPath) }));
      continue;
    }
    const path = options.decodePaths ? decodeManifestPath(rawPath) : rawPath;
    entries.push({ digest: digest.toLowerCase(), path, line });
  }
  return { entries, problems };
}

/**
 * Why a manifest path is unsafe or not a bag path: absolute, `..` or `.` segments, backslashes,
 * drive letters, empty segments, NUL. Undefined when it is a clean relative path.
 */
export function findUnsafePath(path: string): string | undefined {
  if (path.includes('\0')) return 'contains a NUL character';
  if (path.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter';
  if (path.includes('\\')) return 'contains a backslash';
  const segments = path.split('/');
  if (segments.includes('..')) return 'climbs out of the bag with ".."';
  if (segments.includes('.')) return 'contains a "." segment';
  if (segments.includes('')) return 'contains an empty segment';
  return undefined;
}

/**
 * Decode a tag file in the encoding `bagit.txt` declares (RFC 8493 §2.1.1). UTF-8 is strict;
 * UTF-16 follows its byte order mark (big-endian without one, as RFC 2781 says); ISO-8859-1 maps
 * each byte to one character. Undefined for an encoding preuve cannot read.
 */
export function decodeTagText(bytes: Uint8Array, encoding: string): string | undefined {
  const name = encoding.trim().toLowerCase().replace(/_/g, '-');
  // The BOM is kept: bagit.txt is refused for one (RFC 8493 §2.1.1).
  if (/^utf-?8$/.test(name)) {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  }
  if (/^(iso-?8859-1|latin-?1|l1)$/.test(name)) return Buffer.from(bytes).toString('latin1');
  if (/^utf-?16(le|be)?$/.test(name)) {
    const hasLittleBom = bytes[0] === 0xff && bytes[1] === 0xfe;
    const isLittle = name.endsWith('le') || hasLittleBom;
    const decoder = new TextDecoder(isLittle ? 'utf-16le' : 'utf-16be', { fatal: true });
    return decoder.decode(bytes);
  }
  return undefined;
}

/** BagIt 0.97 bags made by some tools write manifest paths as `./data/…`: the same path. */
export function dropDotSlash(path: string): string {
  return path.startsWith('./') ? path.slice(2) : path;
}

export interface FetchLine {
  readonly url: string;
  readonly length: string;
  readonly path: string;
  readonly line: number;
}

/**
 * Parse `fetch.txt` (`<url> <length> <path>` per line) and check every path as strictly as a
 * manifest path: a fetcher following the bag writes there, so a path out of `data/` (`..`,
 * absolute, `~`) is a problem, never a file to fetch.
 */
export function parseFetch(text: string): {
  entries: FetchLine[];
  problems: Array<LineProblem & { path?: string }>;
} {
  const entries: FetchLine[] = [];
  const problems: Array<LineProblem & { path?: string }> = [];
  for (const [index, raw] of splitLines(text).entries()) {
    const line = index + 1;
    const match = /^(\S+)[ \t]+(\d+|-)[ \t]+(.+)$/.exec(raw);
    if (match === null) {
      problems.push(sayLine(line, 'bag.line.notFetch'));
      continue;
    }
    const [, url = '', length = '', rawPath = ''] = match;
    const path = decodeManifestPath(rawPath);
    const reason = findUnsafePath(path);
    const unsafe: MessageParam | undefined = path.startsWith('~')
      ? { code: 'bag.unsafe.home' }
      : reason !== undefined
        ? sayUnsafe(reason)
        : path.startsWith('data/')
          ? undefined
          : { code: 'bag.unsafe.notData' };
    if (unsafe !== undefined) {
      problems.push({
        ...sayLine(line, 'bag.line.fetchUnsafe', { path: JSON.stringify(path), unsafe }),
        path,
      });
      continue;
    }
    entries.push({ url, length, path, line });
  }
  return { entries, problems };
}
