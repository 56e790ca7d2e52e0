import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findChatFormat } from '../chats/registry.js';
import { replayStoredMessages } from '../chats/replay-stored.js';
import { FindingCollector } from '../findings/collect.js';
import { classifyParticipantId } from '../findings/participants.js';
import type { CaseFile } from '../model/case-schema.js';
import type { ChatMessage } from '../model/conversation.js';
import { readConversationHeader, readStoredMessages } from '../model/conversation-store.js';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';
import type { ExtractOptions } from '../model/findings.js';

/** The stored OCR of one image (derived/ocr/<sha256>.json). */
export interface StoredOcr {
  readonly sha256: string;
  readonly text: string;
  readonly confidence: number;
  readonly lines: readonly {
    readonly paragraph?: number;
    readonly text: string;
    readonly confidence: number;
    readonly box: { x: number; y: number; width: number; height: number };
  }[];
}

/** Exhibits whose content may be read: never a sensitive, withdrawn or description-only one. */
export function isReadable(exhibit: Exhibit): boolean {
  return !exhibit.isSensitive && !exhibit.withdrawn && !exhibit.isDescriptionOnly;
}

/** The image files of an exhibit that were copied into the case and may be read by OCR. */
export function readableImageFiles(exhibit: Exhibit): Exhibit['files'][number][] {
  if (!isReadable(exhibit)) return [];
  return exhibit.files.filter(
    (file) =>
      file.storedPath !== undefined &&
      !file.isExcluded &&
      /^image\/(?:png|jpeg|webp|gif|tiff|bmp)$/.test(file.mime),
  );
}

/** Reads every readable message and every stored image text of the case into findings. */
export async function collectCaseFindings(
  caseDir: string,
  caseFile: CaseFile,
  options: ExtractOptions,
  ocrDir: string,
): Promise<FindingCollector> {
  const collector = new FindingCollector(options);
  const exhibits = [...caseFile.exhibits].sort((a, b) => a.number - b.number);
  for (const exhibit of exhibits) {
    if (!isReadable(exhibit)) continue;
    if (exhibit.conversation) await readConversation(caseDir, exhibit, collector, options);
    for (const file of readableImageFiles(exhibit)) {
      const ocr = await readStoredOcr(ocrDir, file.sha256);
      if (!ocr) continue;
      // A paragraph at a time: a sentence (a threat, a demand) often runs over several lines.
      for (const paragraph of paragraphsOf(ocr)) {
        collector.addText({
          text: paragraph.text,
          place: { exhibit: formatExhibitId(exhibit.number), region: paragraph.box },
        });
      }
    }
  }
  return collector;
}

export async function readStoredOcr(
  ocrDir: string,
  sha256: string,
): Promise<StoredOcr | undefined> {
  try {
    return JSON.parse(await readFile(join(ocrDir, `${sha256}.json`), 'utf8')) as StoredOcr;
  } catch {
    return undefined;
  }
}

interface SenderSeen {
  count: number;
  first: ChatMessage;
  last: ChatMessage;
}

async function readConversation(
  caseDir: string,
  exhibit: Exhibit,
  collector: FindingCollector,
  options: ExtractOptions,
): Promise<void> {
  const exhibitId = formatExhibitId(exhibit.number);
  const header = await readConversationHeader(caseDir, exhibit);
  const exporters = new Set(
    header.participants
      .filter((participant) => participant.isExporter)
      .flatMap((participant) => [participant.name, participant.id ?? '']),
  );
  // The participant the family named as the child (wizard, add --victim-name) is the victim's side.
  const victimName = exhibit.conversation?.victimName;
  if (victimName) exporters.add(victimName);
  // Some exports name each sender by username, the account's handle (the format's descriptor says).
  const isSenderAUsername = findChatFormat(header.format)?.isSenderAUsername === true;
  const senders = new Map<string, SenderSeen>();
  let previousText = '';
  for await (const message of readStoredMessages(caseDir, exhibit, replayStoredMessages)) {
    const at = message.time.instant ?? message.time.wallClock;
    const isFromExporter =
      exporters.has(message.sender ?? '\u0000') || exporters.has(message.senderId ?? '\u0000');
    if (message.senderId) {
      const seen = senders.get(message.senderId);
      if (seen) {
        seen.count += 1;
        seen.last = message;
      } else senders.set(message.senderId, { count: 1, first: message, last: message });
    }
    const senderKey =
      message.senderId ?? (message.sender && isSenderAUsername ? `@${message.sender}` : undefined);
    if (senderKey && !message.senderId) {
      const seen = senders.get(senderKey);
      if (seen) {
        seen.count += 1;
        seen.last = message;
      } else senders.set(senderKey, { count: 1, first: message, last: message });
    }
    const text = [message.text, ...(message.links ?? [])].join('\n');
    collector.addText({
      text,
      place: { exhibit: exhibitId, message: message.seq + 1 },
      ...(message.sender ? { sender: message.sender } : {}),
      ...(message.senderId ? { senderId: message.senderId } : {}),
      ...(at ? { at } : {}),
      ...(isFromExporter ? { isFromExporter: true } : {}),
      ...(previousText ? { context: previousText } : {}),
    });
    previousText = message.text.slice(0, 500);
  }
  // The export's own account ids: a participant's id, on every message it sent.
  for (const [id, seen] of senders) {
    const identifier = classifyParticipantId(id, options.defaultCountry);
    if (!identifier) continue;
    const isFromExporter = exporters.has(id) || exporters.has(id.replace(/^@/, ''));
    for (const message of seen.first === seen.last ? [seen.first] : [seen.first, seen.last]) {
      const at = message.time.instant ?? message.time.wallClock;
      collector.addIdentifier(
        identifier.kind,
        identifier.normalized,
        {
          place: { exhibit: exhibitId, message: message.seq + 1, isParticipant: true },
          value: id,
          ...(message.sender ? { sender: message.sender } : {}),
          senderId: id,
          ...(at ? { at } : {}),
          ...(message === seen.first ? { count: seen.count } : {}),
          ...(isFromExporter ? { isFromExporter: true } : {}),
        },
        identifier.validity,
      );
    }
  }
  // Participants with an id but no message (listed by the export only).
  for (const participant of header.participants) {
    if (!participant.id || senders.has(participant.id)) continue;
    const identifier = classifyParticipantId(participant.id, options.defaultCountry);
    if (!identifier) continue;
    collector.addIdentifier(
      identifier.kind,
      identifier.normalized,
      {
        place: { exhibit: exhibitId, isParticipant: true },
        value: participant.id,
        sender: participant.name,
        ...(participant.isExporter ? { isFromExporter: true } : {}),
      },
      identifier.validity,
    );
  }
}

/** The OCR lines joined per paragraph, each with the box around its lines. */
function paragraphsOf(ocr: StoredOcr): { text: string; box: StoredOcr['lines'][number]['box'] }[] {
  const groups = new Map<number, StoredOcr['lines'][number][]>();
  ocr.lines.forEach((line, index) => {
    const key = line.paragraph ?? index;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  });
  return [...groups.values()].map((lines) => {
    const x = Math.min(...lines.map((l) => l.box.x));
    const y = Math.min(...lines.map((l) => l.box.y));
    const right = Math.max(...lines.map((l) => l.box.x + l.box.width));
    const bottom = Math.max(...lines.map((l) => l.box.y + l.box.height));
    return {
      text: lines.map((l) => l.text).join('\n'),
      box: { x, y, width: right - x, height: bottom - y },
    };
  });
}
