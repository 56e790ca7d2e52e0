import { basename, dirname } from 'node:path/posix';
import type {
  ChatMessage,
  ConversationHeader,
  Inference,
  ParsedConversation,
  Participant,
} from '../../../model/conversation.js';
import { EvidenceError } from '../../../model/errors.js';
import type { Message } from '../../../model/messages.js';
import type { DateOrder } from '../../date-order-error.js';
import type { ExportSource } from '../../export-source.js';
import { inferred } from '../../inferred.js';
import { WallClockConverter } from '../../time.js';
import { decideDateOrder } from './date-order.js';
import { describeStyle } from './header.js';
import { headerTime, type MessagePlan, readMessages } from './messages.js';
import { phoneNumberOf } from './rest.js';
import type { ScanResult, StyleStats } from './scan.js';
import type { Language } from './vocabulary.js';

/** A conversation plus what the export-level bookkeeping needs. */
export interface BuiltConversation {
  readonly parsed: ParsedConversation;
  /** Export paths of the attachments its messages reference and the export holds. */
  readonly referencedPaths: ReadonlySet<string>;
  /** Filled by the caller once every conversation of the export is known. */
  readonly unreferencedFiles: string[];
}

const TITLE_FROM_FILE_NAME =
  /^(?:WhatsApp[ _]Chat[ _](?:with|mit|-)|Discussion[ _]WhatsApp[ _]avec|Chat[ _]de[ _]WhatsApp[ _]con|Conversa[ _]do[ _]WhatsApp[ _]com|Chat[ _]WhatsApp[ _]con)[ _]+(.+?)\.(?:txt|zip)$/i;

/** Turns the first pass into a header and a plan for the streaming second pass. */
export function buildConversation(
  source: ExportSource,
  scan: ScanResult,
  converter: WallClockConverter,
  forcedOrder?: DateOrder,
): BuiltConversation {
  const accepted = acceptStyles(scan);
  if (accepted.length === 0) {
    throw new EvidenceError({
      code: 'error.chats.formats.whatsappConversation.holdsWhatsappMessage',
      params: { chatFile: scan.chatFile, origin: source.origin },
    });
  }
  const languages = mergeCounts(accepted.map((stats) => stats.languages));
  const orders = new Map<string, DateOrder>();
  const inferences: Inference[] = [];
  for (const stats of accepted) {
    const decision = decideDateOrder(stats, languages, scan.chatFile, forcedOrder);
    orders.set(stats.style, decision.order);
    if (decision.inference) inferences.push(decision.inference);
  }
  inferences.push(
    inferred(
      'time-zone',
      { code: 'whatsapp.timeZone.decision', params: { zone: converter.zoneName } },
      { code: 'whatsapp.timeZone.reason' },
    ),
  );
  inferences.push(...describeOddities(scan, accepted, orders));

  const knownAuthors = new Map<string, number>();
  const exporters = new Set<string>();
  for (const stats of accepted) {
    for (const [name, line] of stats.authors) {
      knownAuthors.set(name, Math.min(line, knownAuthors.get(name) ?? line));
    }
    for (const name of stats.exporterNames) exporters.add(name);
  }
  const participants: Participant[] = [...knownAuthors]
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => {
      const id = phoneNumberOf(name);
      return {
        name,
        ...(id === undefined ? {} : { id }),
        ...(exporters.has(name) ? { isExporter: true } : {}),
      };
    });

  const entryPaths = source.entries.map((entry) => entry.path);
  const resolve = createAttachmentResolver(entryPaths, scan.chatFile);
  const referencedPaths = new Set<string>();
  const missing: string[] = [];
  for (const stats of accepted) {
    for (const name of stats.attachmentNames) {
      const path = resolve(name);
      if (path === undefined) missing.push(name);
      else referencedPaths.add(path);
    }
  }

  const firstStats = accepted.reduce((a, b) => (a.first.lineNumber <= b.first.lineNumber ? a : b));
  const lastStats = accepted.reduce((a, b) => (a.last.lineNumber >= b.last.lineNumber ? a : b));
  const unreferencedFiles: string[] = [];
  const header: ConversationHeader = {
    format: 'whatsapp',
    title: chooseTitle(source, scan.chatFile, accepted, participants),
    participants,
    messageCount: accepted.reduce((sum, stats) => sum + stats.count, 0),
    firstMessageAt: headerTime(firstStats.first.header, orders.get(firstStats.style)!, converter),
    lastMessageAt: headerTime(lastStats.last.header, orders.get(lastStats.style)!, converter),
    metadata: describeExport(scan, accepted, orders, languages, converter),
    inferences,
    notes: describeNotes(scan, missing),
    unreferencedFiles,
  };
  const plan: MessagePlan = {
    chatFile: scan.chatFile,
    orders,
    knownAuthors: new Set(knownAuthors.keys()),
    converter,
    resolveAttachment: resolve,
  };
  const stored: StoredPlan = {
    orders: [...orders],
    knownAuthors: [...plan.knownAuthors],
    timeZone: converter.zoneName,
    entryPaths,
  };
  return {
    parsed: {
      header,
      messages: () => readMessages(source, plan),
      replay: { format: 'whatsapp', file: scan.chatFile, plan: stored },
      references: {
        sourceFiles: [scan.chatFile],
        attachmentMessages: () => readMessages(source, plan, true),
      },
    },
    referencedPaths,
    unreferencedFiles,
  };
}

/**
 * Header styles taken as message starts: the most frequent, and any other seen at least twice
 * (concatenated exports). A lone line in another style is text pasted into a message.
 */
function acceptStyles(scan: ScanResult): StyleStats[] {
  const all = [...scan.styles.values()];
  const dominant = all.reduce<StyleStats | undefined>(
    (a, b) => (a && a.count >= b.count ? a : b),
    undefined,
  );
  if (!dominant) return [];
  return all.filter((stats) => stats === dominant || stats.count >= 2);
}

function describeOddities(
  scan: ScanResult,
  accepted: readonly StyleStats[],
  orders: ReadonlyMap<string, DateOrder>,
): Inference[] {
  const inferences: Inference[] = [];
  if (accepted.length > 1) {
    const parts = accepted.map((stats) => ({
      code: 'whatsapp.mixedFormats.part',
      params: {
        format: describeStyle(stats.style),
        count: stats.count,
        line: stats.first.lineNumber,
      },
    }));
    inferences.push(
      inferred(
        'mixed-formats',
        {
          code: 'whatsapp.mixedFormats.decision',
          params: { count: accepted.length, formats: parts },
        },
        { code: 'whatsapp.mixedFormats.reason' },
      ),
    );
  }
  const rejected = [...scan.styles.values()].filter((stats) => !accepted.includes(stats));
  if (rejected.length > 0) {
    const lines = rejected.map((stats) => stats.first.lineNumber).sort((a, b) => a - b);
    inferences.push(
      inferred(
        'other',
        {
          code: `whatsapp.strayHeader.decision.${lines.length > 1 ? 'many' : 'one'}`,
          params: { lines: lines.join(', ') },
        },
        { code: 'whatsapp.strayHeader.reason' },
      ),
    );
  }
  for (const stats of accepted) {
    const backwards = stats.backwards[orders.get(stats.style)!];
    if (backwards.count > 0) {
      inferences.push(
        inferred(
          'out-of-order',
          { code: 'whatsapp.outOfOrder.decision' },
          {
            code: 'whatsapp.outOfOrder.reason',
            params: { count: backwards.count, line: String(backwards.firstLine) },
          },
        ),
      );
    }
    if (stats.splitSystemLines.length > 0) {
      inferences.push(
        inferred(
          'author-split',
          {
            code: 'whatsapp.systemSplit.decision',
            params: { lines: stats.splitSystemLines.join(', ') },
          },
          { code: 'whatsapp.systemSplit.reason' },
        ),
      );
    }
  }
  return inferences;
}

function describeExport(
  scan: ScanResult,
  accepted: readonly StyleStats[],
  orders: ReadonlyMap<string, DateOrder>,
  languages: ReadonlyMap<Language, number>,
  converter: WallClockConverter,
): Record<string, string> {
  const endings = new Set(accepted.map((stats) => stats.style.split(' ')[6]));
  const platform =
    endings.size > 1
      ? 'mixed'
      : endings.has(']')
        ? 'iphone'
        : endings.has('-')
          ? 'android'
          : 'older';
  const language = [...languages].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    chatFile: scan.chatFile,
    platform,
    ...(language === undefined ? {} : { language }),
    headerFormat: accepted.map((stats) => describeStyle(stats.style)).join(' | '),
    dateOrder: [...new Set(orders.values())].join(' | '),
    timeZone: converter.zoneName,
  };
}

function describeNotes(scan: ScanResult, missing: readonly string[]): Message[] {
  const notes: Message[] = [];
  if (scan.orphanLines > 0) {
    notes.push({ code: 'whatsapp.note.orphanLines', params: { count: scan.orphanLines } });
  }
  if (scan.truncatedLine !== undefined) {
    notes.push({ code: 'whatsapp.note.truncated', params: { line: scan.truncatedLine! } });
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ');
    notes.push({
      code: 'whatsapp.note.missingMedia',
      params: { count: missing.length, names: `${shown}${missing.length > 5 ? ', …' : ''}` },
    });
  }
  return notes;
}

function chooseTitle(
  source: ExportSource,
  chatFile: string,
  accepted: readonly StyleStats[],
  participants: readonly Participant[],
): string {
  const fromSystem = accepted.map((stats) => stats.titleAuthor ?? stats.groupTitle).find(Boolean);
  if (fromSystem) return fromSystem;
  for (const name of [basename(chatFile), basename(source.origin)]) {
    const match = TITLE_FROM_FILE_NAME.exec(name);
    // Some share targets write `WhatsApp_Chat_with_Ana_B.txt`: underscores then stand for spaces.
    if (match)
      return match[0].startsWith('WhatsApp_') || match[0].includes('_avec_')
        ? match[1]!.replace(/_/g, ' ')
        : match[1]!;
  }
  return participants.length > 0 ? participants.map((p) => p.name).join(', ') : basename(chatFile);
}

/**
 * The decisions of the first pass over the whole export, as JSON: with them, the chat file's
 * evidence copy alone gives the same messages again (see {@link replayMessages}).
 */
interface StoredPlan {
  readonly orders: readonly (readonly [string, DateOrder])[];
  readonly knownAuthors: readonly string[];
  readonly timeZone: string;
  /** Every path of the export, to resolve attachment names as the first reading did. */
  readonly entryPaths: readonly string[];
}

/** Reads the messages again from a source holding the chat file, with a {@link StoredPlan}. */
export function replayMessages(
  source: ExportSource,
  chatFile: string,
  stored: unknown,
): AsyncIterable<ChatMessage> {
  const plan = stored as StoredPlan;
  if (
    !Array.isArray(plan?.orders) ||
    !Array.isArray(plan.knownAuthors) ||
    !Array.isArray(plan.entryPaths)
  ) {
    throw new EvidenceError({ code: 'error.chats.whatsapp.planDamaged', params: { chatFile } });
  }
  return readMessages(source, {
    chatFile,
    orders: new Map(plan.orders),
    knownAuthors: new Set(plan.knownAuthors),
    converter: new WallClockConverter(plan.timeZone),
    resolveAttachment: createAttachmentResolver(plan.entryPaths, chatFile),
  });
}

/** Finds an attachment next to the chat file first, else anywhere in the export when the name is unique. */
function createAttachmentResolver(
  entryPaths: readonly string[],
  chatFile: string,
): (fileName: string) => string | undefined {
  // Names compared in NFC: a zip made on a Mac stores `é` decomposed, the chat text composed.
  const paths = new Map(entryPaths.map((path) => [path.normalize('NFC'), path]));
  const byName = new Map<string, string[]>();
  for (const [normalized, path] of paths) {
    const name = basename(normalized);
    byName.set(name, [...(byName.get(name) ?? []), path]);
  }
  const dir = dirname(chatFile.normalize('NFC'));
  return (fileName) => {
    const name = fileName.normalize('NFC');
    const beside = paths.get(dir === '.' ? name : `${dir}/${name}`);
    if (beside !== undefined) return beside;
    const found = byName.get(name);
    return found?.length === 1 ? found[0] : undefined;
  };
}

function mergeCounts<K>(maps: readonly ReadonlyMap<K, number>[]): Map<K, number> {
  const merged = new Map<K, number>();
  for (const map of maps) {
    for (const [key, count] of map) merged.set(key, (merged.get(key) ?? 0) + count);
  }
  return merged;
}
