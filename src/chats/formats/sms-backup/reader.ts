import type { Readable } from 'node:stream';
import type { SaxesParser } from 'saxes';
import { EvidenceError } from '../../../model/errors.js';
import type { ExportSource } from '../../export-source.js';
import { type AddressTest, RecordFilter } from './filter.js';
import { MmsDataStripper } from './mms-data.js';
import { ReferenceRepairer, type Repair } from './repair.js';

/**
 * Streams the `<sms>` and `<mms>` records of an SMS Backup & Restore file, one at a time.
 * Pipeline: bytes → MMS data stripped (mms-data.ts) → strict UTF-8 decoding → other
 * correspondents' records skipped (filter.ts, optional) → character reference repair
 * (repair.ts) → saxes. saxes is a strict, maintained, dependency-free SAX parser
 * that takes chunks as they come, so memory stays flat whatever the size of the backup; a DOM or a
 * whole-file parser (fast-xml-parser) would need the file in memory.
 */

export type Attributes = Readonly<Record<string, string>>;

/**
 * A copy of a string that shares no memory with the text chunk it was cut from. V8 keeps a whole
 * chunk alive for any slice of it, so a value kept across the stream (an address, a contact name)
 * must be detached, or memory grows with the file.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export interface SmsRecord {
  readonly kind: 'sms' | 'mms';
  /** Position among the file's sms and mms records, from 0. */
  readonly ordinal: number;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly attributes: Attributes;
  /** MMS only: the `<part>` and `<addr>` children. */
  readonly parts: readonly Attributes[];
  readonly addrs: readonly Attributes[];
  /** Character references repaired inside this record. */
  readonly repairs: readonly Repair[];
}

/** What the file says about itself, filled in while reading. */
export interface BackupInfo {
  rootAttributes?: Attributes;
  records: number;
  surrogatePairs: number;
  replacedCharacters: number;
}

export interface ReadOptions {
  /** Stop reading after the record with this ordinal (saves reading the rest of the file). */
  readonly stopAfter?: number;
  /** Receives the root attributes and counts. */
  readonly info?: BackupInfo;
  /**
   * Skip, without parsing them, records whose `address` surely fails this test (filter.ts).
   * Skipped records are not yielded; counts in `info` then cover only the records parsed.
   */
  readonly mayBelong?: AddressTest;
}

interface Building {
  kind: 'sms' | 'mms';
  depth: number;
  ordinal: number;
  lineStart: number;
  startPosition: number;
  attributes: Attributes;
  parts: Attributes[];
  addrs: Attributes[];
}

export async function* readSmsBackup(
  source: ExportSource,
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<SmsRecord> {
  const info = options.info ?? { records: 0, surrogatePairs: 0, replacedCharacters: 0 };
  const stripper = new MmsDataStripper();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const repairer = new ReferenceRepairer();
  const filter = options.mayBelong ? new RecordFilter(options.mayBelong) : undefined;
  // Loaded here, not at the top: every add detects formats, and only an SMS backup needs the XML
  // parser.
  const { SaxesParser } = await import('saxes');
  const parser = new SaxesParser({ fileName: path });
  const ready: SmsRecord[] = [];
  let depth = 0;
  let tagStartLine = 1;
  let tagStartPosition = 0;
  let building: Building | undefined;
  let ordinal = 0;

  parser.on('xmldecl', (declaration) => {
    const encoding = declaration.encoding?.toLowerCase();
    if (encoding && encoding !== 'utf-8' && encoding !== 'utf8') {
      throw new EvidenceError({
        code: 'error.chats.formats.smsReader.declaresEncodingSms',
        params: { path, encoding: declaration.encoding },
      });
    }
  });
  parser.on('opentagstart', () => {
    tagStartLine = parser.line;
    tagStartPosition = parser.position;
  });
  parser.on('opentag', (tag) => {
    depth++;
    const attributes = tag.attributes as Attributes;
    if (depth === 1) {
      if (tag.name !== 'smses') throw notABackup(path, `its root element is <${tag.name}>`);
      info.rootAttributes = attributes;
    } else if (!building && (tag.name === 'sms' || tag.name === 'mms')) {
      building = {
        kind: tag.name,
        depth,
        ordinal: filter ? filter.takeOrdinal() : ordinal++,
        lineStart: tagStartLine,
        startPosition: tagStartPosition,
        attributes,
        parts: [],
        addrs: [],
      };
    } else if (building && tag.name === 'part') {
      building.parts.push(attributes);
    } else if (building && tag.name === 'addr') {
      building.addrs.push(attributes);
    }
  });
  parser.on('closetag', () => {
    if (building && depth === building.depth) {
      const { kind, ordinal, lineStart, startPosition, attributes, parts, addrs } = building;
      const taken = repairer.takeRepairsBefore(parser.position);
      const repairs =
        taken.length === 0 ? taken : taken.filter((repair) => repair.position >= startPosition);
      ready.push({
        kind,
        ordinal,
        lineStart,
        lineEnd: parser.line,
        attributes,
        parts,
        addrs,
        repairs,
      });
      building = undefined;
    }
    depth--;
  });

  const stream = await source.open(path);
  let bytesRead = 0;
  const feed = (pieces: Buffer[], isLast: boolean) => {
    for (const piece of pieces) {
      let text: string;
      try {
        text = decoder.decode(piece, { stream: !isLast });
      } catch (error) {
        throw new EvidenceError(
          { code: 'error.chats.formats.smsReader.utfTextInvalid', params: { path, bytesRead } },
          { cause: error },
        );
      }
      const repaired = repairer.push(filter ? filter.push(text) : text);
      if (repaired) parser.write(repaired);
    }
    if (isLast) {
      const text = decoder.decode(new Uint8Array(0));
      const unfiltered = filter ? filter.push(text) + filter.flush() : text;
      const rest = repairer.push(unfiltered) + repairer.flush();
      if (rest) parser.write(rest);
    }
  };
  let isComplete = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      withParseErrors(path, parser, info, () => feed(stripper.push(chunk), false));
      bytesRead += chunk.length;
      info.records += ready.length;
      info.surrogatePairs = repairer.counts.surrogatePairs;
      info.replacedCharacters = repairer.counts.replaced;
      const batch = ready.splice(0);
      for (const record of batch) {
        yield record;
        if (options.stopAfter !== undefined && record.ordinal >= options.stopAfter) return;
      }
    }
    withParseErrors(path, parser, info, () => {
      feed(stripper.end(), true);
      if (depth > 0 || stripper.isInsideData || !info.rootAttributes)
        throw truncated(path, parser, info);
      parser.close();
    });
    info.records += ready.length;
    info.surrogatePairs = repairer.counts.surrogatePairs;
    info.replacedCharacters = repairer.counts.replaced;
    isComplete = true;
  } finally {
    (stream as Readable).destroy();
  }
  if (isComplete) yield* ready.splice(0);
}

function notABackup(path: string, why: string): EvidenceError {
  return new EvidenceError({
    code: 'error.chats.formats.smsReader.xmlButSms',
    params: { path, why },
  });
}

function truncated(path: string, parser: SaxesParser, info: BackupInfo): EvidenceError {
  if (!info.rootAttributes) {
    return new EvidenceError({
      code: 'error.chats.formats.smsReader.holdsSmsesElement',
      params: { path },
    });
  }
  return new EvidenceError({
    code: 'error.chats.formats.smsReader.endsMiddleBackup',
    params: { path, line: parser.line, records: info.records },
  });
}

/** Runs a parser step, turning saxes' errors into EvidenceErrors that say where and what to do. */
function withParseErrors(
  path: string,
  parser: SaxesParser,
  info: BackupInfo,
  step: () => void,
): void {
  try {
    step();
  } catch (error) {
    if (error instanceof EvidenceError) throw error;
    const reason =
      error instanceof Error ? error.message.replace(/^.*?:\d+:\d+: /, '') : `${error}`;
    throw new EvidenceError(
      {
        code: 'error.chats.formats.smsReader.wellFormedXml',
        params: { path, line: parser.line, column: parser.column, reason, records: info.records },
      },
      { cause: error },
    );
  }
}
