import type { CountryCode } from 'libphonenumber-js';
import type {
  ChatMessage,
  ConversationHeader,
  Inference,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import { EvidenceError } from '../../../model/errors.js';
import { type Message, renderMessage } from '../../../model/messages.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import { isReadableEpochMs } from '../../time.js';
import { HEAD_BYTES, MAX_DETECT_ENTRIES } from './detect.js';
import {
  attributeValue,
  recordAddresses,
  recordBox,
  recordMillis,
  toChatMessage,
} from './message.js';
import { extractMmsPart, MMS_DATA_ATTRIBUTE } from './mms-data.js';
import { countryOf, isNationalNumber, phoneKey, splitAddresses } from './phone.js';
import { type BackupInfo, detach, readSmsBackup, type SmsRecord } from './reader.js';

/**
 * Android "SMS Backup & Restore" (SyncTech) XML: one conversation per correspondent (or per group
 * of correspondents for a group MMS), numbers normalised so `+33 6…` and `06…` meet.
 *
 * The file is read as a stream, never held: `parse` reads it once to find the conversations and
 * their counts, and each conversation's `messages()` reads it again, parsing only its own records
 * (the others are skipped before the XML parser, MMS media is never parsed) and stopping after its
 * last one. Iterating every conversation of a backup therefore scans the file once per conversation.
 */

const UNKNOWN_CONTACT = '(Unknown)';

interface ThreadStats {
  readonly key: string;
  readonly addresses: Set<string>;
  readonly names: Set<string>;
  readonly boxes: Map<string, number>;
  count: number;
  smsCount: number;
  mmsCount: number;
  missingMedia: number;
  first?: number;
  last?: number;
  previous?: number;
  lastOrdinal: number;
  outOfOrder: number;
  firstOutOfOrderLine?: number;
  surrogatePairs: number;
  replaced: number;
  hasNationalNumber: boolean;
}

interface BackupIndex {
  readonly threads: Map<string, ThreadStats>;
  readonly info: BackupInfo;
  /** The country numbers without a country code were read in, when some were. */
  readonly defaultCountry?: CountryCode;
  readonly countryReason?: Message;
  /** The country of most international numbers, to read --thread values such as `06…`. */
  readonly likelyCountry?: CountryCode;
  readonly keys: Keys;
}

/** Grouping keys: the normalised correspondent numbers of a record, sorted, joined by `~`. */
interface Keys {
  ofRecord(record: SmsRecord): string;
  ofAddresses(addresses: readonly string[]): string;
}

function makeKeys(defaultCountry?: CountryCode): Keys {
  const cache = new Map<string, string>();
  const keyOfAddress = (address: string) => {
    let key = cache.get(address);
    if (key === undefined) {
      key = detach(phoneKey(address, defaultCountry));
      cache.set(detach(address), key);
    }
    return key;
  };
  const ofAddresses = (addresses: readonly string[]) => {
    const keys = [...new Set(addresses.map(keyOfAddress))].sort();
    return keys.length > 0 ? keys.join('~') : '(no address)';
  };
  return { ofAddresses, ofRecord: (record) => ofAddresses(recordAddresses(record)) };
}

async function scanBackup(
  source: ExportSource,
  path: string,
  keys: Keys,
): Promise<{
  threads: Map<string, ThreadStats>;
  info: BackupInfo;
  countries: Map<string, number>;
}> {
  const info: BackupInfo = { records: 0, surrogatePairs: 0, replacedCharacters: 0 };
  const threads = new Map<string, ThreadStats>();
  const countries = new Map<string, number>();
  for await (const record of readSmsBackup(source, path, { info })) {
    const key = keys.ofRecord(record);
    let stats = threads.get(key);
    if (!stats) {
      stats = {
        key,
        addresses: new Set(),
        names: new Set(),
        boxes: new Map(),
        count: 0,
        smsCount: 0,
        mmsCount: 0,
        missingMedia: 0,
        lastOrdinal: 0,
        outOfOrder: 0,
        surrogatePairs: 0,
        replaced: 0,
        hasNationalNumber: false,
      };
      threads.set(key, stats);
    }
    for (const address of recordAddresses(record)) {
      if (!stats.addresses.has(address)) {
        stats.addresses.add(detach(address));
        const country = countryOf(address);
        if (country) countries.set(country, (countries.get(country) ?? 0) + 1);
        if (isNationalNumber(address)) stats.hasNationalNumber = true;
      }
    }
    const name = attributeValue(record.attributes, 'contact_name');
    if (name && name !== UNKNOWN_CONTACT && !stats.names.has(name)) stats.names.add(detach(name));
    const box = recordBox(record);
    stats.boxes.set(stats.boxes.has(box) ? box : detach(box), (stats.boxes.get(box) ?? 0) + 1);
    stats.count++;
    if (record.kind === 'sms') stats.smsCount++;
    else stats.mmsCount++;
    stats.missingMedia += record.parts.filter(
      (part) =>
        part.ct !== 'application/smil' && part.ct !== 'text/plain' && !part[MMS_DATA_ATTRIBUTE],
    ).length;
    stats.lastOrdinal = record.ordinal;
    for (const repair of record.repairs) {
      if (repair.kind === 'surrogate-pair') stats.surrogatePairs++;
      else stats.replaced++;
    }
    const millis = recordMillis(record);
    if (millis !== undefined) {
      if (stats.previous !== undefined && millis < stats.previous) {
        stats.outOfOrder++;
        stats.firstOutOfOrderLine ??= record.lineStart;
      }
      stats.previous = millis;
      stats.first = Math.min(stats.first ?? millis, millis);
      stats.last = Math.max(stats.last ?? millis, millis);
    }
  }
  return { threads, info, countries };
}

/**
 * Reads the backup once. Numbers written without a country code (`06…`) are read in the country of
 * most international numbers in the backup; if that joins two conversations, the file is read a
 * second time with the final keys so that counts and order checks stay exact.
 */
async function indexBackup(source: ExportSource, path: string): Promise<BackupIndex> {
  const first = await scanBackup(source, path, makeKeys());
  const ranked = [...first.countries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const [country, votes] = ranked[0] ?? [];
  const hasNational = [...first.threads.values()].some((stats) => stats.hasNationalNumber);
  const likelyCountry = country as CountryCode | undefined;
  if (!likelyCountry || !hasNational) {
    return { threads: first.threads, info: first.info, likelyCountry, keys: makeKeys() };
  }
  const defaultCountry = likelyCountry;
  const total = ranked.reduce((sum, [, count]) => sum + count, 0);
  const countryReason: Message = {
    code: 'sms.nationalNumbers.reason',
    params: { votes: String(votes), total, country: defaultCountry },
  };
  const keys = makeKeys(defaultCountry);
  const finalKey = (stats: ThreadStats) => keys.ofAddresses([...stats.addresses]);
  const finalKeys = new Set([...first.threads.values()].map(finalKey));
  if (finalKeys.size === first.threads.size) {
    const threads = new Map([...first.threads.values()].map((stats) => [finalKey(stats), stats]));
    for (const [key, stats] of threads) (stats as { key: string }).key = key;
    return { threads, info: first.info, defaultCountry, countryReason, likelyCountry, keys };
  }
  const { threads, info } = await scanBackup(source, path, keys);
  return { threads, info, defaultCountry, countryReason, likelyCountry, keys };
}

function titleOf(stats: ThreadStats): string {
  const numbers = stats.key.split('~').join(', ');
  return stats.names.size > 0 ? `${[...stats.names].join(' / ')} (${numbers})` : numbers;
}

function isWanted(stats: ThreadStats, index: BackupIndex, threads?: readonly string[]): boolean {
  if (!threads || threads.length === 0) return true;
  const keys = stats.key.split('~');
  return threads.some((wanted) => {
    const text = wanted.trim();
    const lower = text.toLowerCase();
    return (
      keys.includes(phoneKey(text, index.likelyCountry)) ||
      stats.addresses.has(text) ||
      [...stats.names].some((name) => name.toLowerCase() === lower) ||
      titleOf(stats).toLowerCase() === lower ||
      stats.key.toLowerCase() === lower
    );
  });
}

function inferencesOf(stats: ThreadStats, index: BackupIndex, path: string): Inference[] {
  const inferences: Inference[] = [];
  if (stats.surrogatePairs > 0) {
    inferences.push(
      inferred(
        'encoding-repair',
        { code: 'sms.surrogates.decision', params: { count: stats.surrogatePairs } },
        { code: 'sms.surrogates.reason', params: { path } },
      ),
    );
  }
  if (stats.replaced > 0) {
    inferences.push(
      inferred(
        'encoding-repair',
        { code: 'sms.replaced.decision', params: { count: stats.replaced } },
        { code: 'sms.replaced.reason', params: { path } },
      ),
    );
  }
  if (stats.hasNationalNumber && index.defaultCountry && index.countryReason) {
    inferences.push(
      inferred(
        'other',
        { code: 'sms.nationalNumbers.decision', params: { country: index.defaultCountry } },
        index.countryReason,
      ),
    );
  }
  if (stats.outOfOrder > 0) {
    inferences.push(
      inferred(
        'out-of-order',
        { code: 'sms.outOfOrder.decision', params: { count: stats.outOfOrder } },
        { code: 'sms.outOfOrder.reason', params: { line: String(stats.firstOutOfOrderLine) } },
      ),
    );
  }
  return inferences;
}

function notesOf(stats: ThreadStats): Message[] {
  const notes: Message[] = [
    { code: 'sms.note.times' },
    { code: 'sms.note.names' },
    { code: 'sms.note.deleted' },
  ];
  if (stats.missingMedia > 0) {
    notes.push({ code: 'sms.note.missingMedia', params: { count: stats.missingMedia } });
  }
  return notes;
}

function headerOf(
  stats: ThreadStats,
  index: BackupIndex,
  path: string,
  unreferencedFiles: string[],
  ownerName: string,
): ConversationHeader {
  const root = index.info.rootAttributes ?? {};
  const participants: Participant[] = [
    ...stats.key.split('~').map((id) => ({
      name: stats.names.size === 1 && !stats.key.includes('~') ? [...stats.names][0]! : id,
      id,
    })),
    { name: ownerName, isExporter: true },
  ];
  const metadata: Record<string, string> = {
    file: path,
    correspondent: stats.key,
    addresses: [...stats.addresses].join(', '),
    smsCount: String(stats.smsCount),
    mmsCount: String(stats.mmsCount),
    boxes: [...stats.boxes].map(([box, count]) => `${box} ${count}`).join(', '),
  };
  if (stats.names.size > 0) metadata.contactName = [...stats.names].join(' / ');
  const backupDate = Number(attributeValue(root, 'backup_date'));
  if (isReadableEpochMs(backupDate) && backupDate > 0) {
    metadata.backupDate = new Date(backupDate).toISOString();
  }
  const backupSet = attributeValue(root, 'backup_set');
  if (backupSet) metadata.backupSet = backupSet;
  const backupType = attributeValue(root, 'type');
  if (backupType) metadata.backupType = backupType;
  if (index.defaultCountry) metadata.defaultCountry = index.defaultCountry;
  const at = (millis?: number) =>
    millis === undefined
      ? undefined
      : { instant: new Date(millis).toISOString(), precision: 'ms' as const };
  const firstMessageAt = at(stats.first);
  const lastMessageAt = at(stats.last);
  return {
    format: 'sms-backup',
    title: titleOf(stats),
    participants,
    messageCount: stats.count,
    ...(firstMessageAt ? { firstMessageAt } : {}),
    ...(lastMessageAt ? { lastMessageAt } : {}),
    metadata,
    inferences: inferencesOf(stats, index, path),
    notes: notesOf(stats),
    unreferencedFiles,
  };
}

function conversationOf(
  source: ExportSource,
  path: string,
  stats: ThreadStats,
  index: BackupIndex,
  unreferencedFiles: string[],
  ownerName: string,
): ParsedConversation {
  const name = stats.names.size === 1 ? [...stats.names][0]! : undefined;
  const correspondents = {
    nameFor: (address: string) => (name && !stats.key.includes('~') ? name : address),
    ownerName,
  };
  return {
    header: headerOf(stats, index, path, unreferencedFiles, ownerName),
    async *messages(): AsyncIterable<ChatMessage> {
      let seq = 0;
      const mayBelong = (address: string) => {
        const addresses = splitAddresses(address);
        return addresses.length === 0 || index.keys.ofAddresses(addresses) === stats.key;
      };
      const records = readSmsBackup(source, path, { stopAfter: stats.lastOrdinal, mayBelong });
      for await (const record of records) {
        if (index.keys.ofRecord(record) !== stats.key) continue;
        yield toChatMessage(record, seq++, path, correspondents);
      }
    },
  };
}

function looksLikeBackup(head: Buffer): boolean {
  return /<smses[\s>]/.test(head.toString('utf8'));
}

async function backupEntries(source: ExportSource): Promise<string[]> {
  const xml = source.entries.filter((entry) => /\.xml$/i.test(entry.path));
  // A backup is an .xml file; look at other files only in a small export (a renamed backup).
  const candidates = source.entries.length <= MAX_DETECT_ENTRIES ? source.entries : xml;
  const found: string[] = [];
  for (const entry of candidates) {
    if (entry.size === 0) continue;
    if (looksLikeBackup(await source.read(entry.path, HEAD_BYTES))) found.push(entry.path);
  }
  if (found.length > 0) return found;
  // Nothing looks like a backup: let the reader say precisely why the XML files are not one.
  if (xml.length > 0) return xml.map((entry) => entry.path);
  if (source.entries.length === 1) return [source.entries[0]!.path];
  throw new EvidenceError({
    code: 'error.chats.formats.sms.holdsSmsBackup',
    params: { origin: source.origin },
  });
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const smsBackupParser: ChatFormatParser = {
  async parse(source, options: ParseOptions) {
    const conversations: ParsedConversation[] = [];
    const ownerName = renderMessage(options.language ?? 'en', { code: 'sms.phoneOwner' });
    const paths = await backupEntries(source);
    const unreferencedFiles = source.entries
      .map((entry) => entry.path)
      .filter((path) => !paths.includes(path));
    for (const path of paths) {
      const index = await indexBackup(source, path);
      for (const stats of index.threads.values()) {
        if (!isWanted(stats, index, options.threads)) continue;
        conversations.push(
          conversationOf(source, path, stats, index, unreferencedFiles, ownerName),
        );
      }
    }
    return conversations;
  },

  openEmbedded(source, embedded) {
    return extractMmsPart(source, embedded.entryPath, embedded.ref);
  },
};
