import { DateTime } from 'luxon';
import type { DateOrder } from '../chats/date-order-error.js';
import { collectFiles } from '../evidence/collect.js';
import { type GatedMedia, innerMediaKey, listGatedMedia } from '../evidence/media-gate.js';
import type { IntakeItem } from '../evidence/recognise-chats.js';
import { recogniseChats } from '../evidence/recognise-chats.js';
import type { MessageTime } from '../model/conversation.js';

export interface AddPreviewRequest {
  /** The files and folders the user gave. */
  readonly paths: readonly string[];
  /** The case's zone: times the exports write as local time are read in it. */
  readonly timeZone: string;
  /** Given once the user answered the day/month question. */
  readonly dateOrder?: DateOrder;
  readonly signal?: AbortSignal;
}

/** A file or chat export the intake would take, in the order it would take them. */
export interface PlannedItem {
  /** The path `applyAdd` takes it by. */
  readonly path: string;
  readonly name: string;
  readonly isChat: boolean;
  /** A zip that could not be read (perhaps a chat export cut short): why. */
  readonly unreadable?: string;
}

/** A document a message of an export names (not an image or video: it has no gate key). */
export interface PlannedDocument {
  /** Its path inside the export: what `excludeAttachments` takes. */
  readonly exportPath: string;
  readonly name: string;
  readonly sender?: string;
  readonly time: MessageTime;
}

/** One conversation of a recognised chat export. */
export interface PlannedChat {
  /** The export it comes from. */
  readonly path: string;
  /** The app, as the family knows it ("WhatsApp"). */
  readonly appLabel: string;
  readonly title: string;
  readonly messageCount: number;
  /**
   * What of the export the family can keep out, listed with the export's first conversation only:
   * its images and videos (by gate key) and the documents its messages name.
   */
  readonly media: readonly GatedMedia[];
  readonly documents: readonly PlannedDocument[];
  /** Names of the export's participants (in every one of its conversations), for "which one is the child?"; first conversation only. */
  readonly participants: readonly string[];
}

/** What an intake would do, before any byte is copied. */
export interface AddPlan {
  readonly items: readonly PlannedItem[];
  readonly chats: readonly PlannedChat[];
  /** Plain files and plain zips holding images or videos: each needs the intimate-image decision. */
  readonly gatedFiles: readonly GatedMedia[];
  /** A chat whose day/month order rests on its layout alone (no day above 12): for the family to confirm. */
  readonly layoutDateOrder?: LayoutDateOrder;
}

/**
 * The wizard's intake preview: which chat exports are recognised, what each would let the family
 * keep out, and which images and videos need the intimate-image question. Copies nothing; throws
 * AmbiguousDateOrderError when an export's day/month order must be asked.
 */
export async function previewAdd(request: AddPreviewRequest): Promise<AddPlan> {
  const collection = await collectFiles(request.paths);
  const { dateOrder, timeZone } = request;
  const recognised = await recogniseChats(request.paths, collection.files, {
    parseOptions: { timeZone, ...(dateOrder ? { dateOrder } : {}) },
  });
  try {
    const gated = await listGatedMedia(recognised.items, request.signal);
    const items: PlannedItem[] = [];
    const chats: PlannedChat[] = [];
    for (const item of recognised.items) {
      if (item.kind === 'file') {
        const { path, name } = item.file;
        items.push({
          path,
          name,
          isChat: false,
          ...(item.unreadable ? { unreadable: item.unreadable } : {}),
        });
        continue;
      }
      const { input } = item;
      items.push({ path: input.path, name: input.path, isChat: true });
      const media = gated.filter((gatedMedia) => gatedMedia.container === input.path);
      const mediaKeys = new Set(media.map((gatedMedia) => gatedMedia.key));
      // By path in the export: a document named by several messages is listed once, as the last names it.
      const documents = new Map<string, PlannedDocument>();
      for (const conversation of input.conversations) {
        for await (const message of conversation.messages()) {
          for (const attachment of message.attachments) {
            if (attachment.isMissing || !attachment.exportPath) continue;
            if (!['other', 'document'].includes(attachment.kind)) continue;
            if (mediaKeys.has(innerMediaKey(input.path, attachment.exportPath))) continue;
            documents.set(attachment.exportPath, {
              exportPath: attachment.exportPath,
              name: attachment.name,
              ...(message.sender ? { sender: message.sender } : {}),
              time: message.time,
            });
          }
        }
      }
      const first = input.conversations[0];
      // Only a name every conversation of the export has can be the export's victim name.
      const participants = (first?.header.participants ?? [])
        .map((participant) => participant.name)
        .filter((name) =>
          input.conversations.every((conversation) =>
            conversation.header.participants.some((p) => p.name === name),
          ),
        );
      for (const [position, conversation] of input.conversations.entries()) {
        chats.push({
          participants: position === 0 ? participants : [],
          path: input.path,
          appLabel: input.format.label.replace(/\s*\(.*$/, ''),
          title: conversation.header.title,
          messageCount: conversation.header.messageCount,
          media: position === 0 ? media : [],
          documents: position === 0 ? [...documents.values()] : [],
        });
      }
    }
    const gatedFiles = gated.filter(
      (gatedMedia) => gatedMedia.origin === 'file' || gatedMedia.origin === 'archive',
    );
    const layoutDateOrder = dateOrder
      ? undefined
      : await findLayoutDateOrder(recognised.items, timeZone);
    return { items, chats, gatedFiles, ...(layoutDateOrder ? { layoutDateOrder } : {}) };
  } finally {
    await Promise.all(recognised.sources.map((source) => source.close().catch(() => {})));
  }
}

/**
 * Decisions of the day/month order that rest only on how the export's lines are laid out (no
 * day above 12, no month rolling over, no language that always writes the day first).
 */
const LAYOUT_ONLY = new Set(['whatsapp.dateOrder.noComma', 'whatsapp.dateOrder.dots']);

export interface LayoutDateOrder {
  readonly order: 'dmy' | 'mdy';
  /** Two dates of the chat as read: `[written, read]`, e.g. ['03/04/2024', '3 avril 2024']. */
  readonly examples: readonly (readonly [string, string])[];
}

/**
 * A chat whose day/month order was decided without a day above 12 (from the layout of its lines
 * or its language): the order, and two of its dates as written and as read.
 */
async function findLayoutDateOrder(
  items: readonly IntakeItem[],
  timeZone: string,
): Promise<LayoutDateOrder | undefined> {
  for (const item of items) {
    if (item.kind !== 'chat') continue;
    for (const conversation of item.input.conversations) {
      const inference = conversation.header.inferences.find((entry) => entry.kind === 'date-order');
      const reason = inference?.messages?.reason.code;
      if (!inference || !reason || !LAYOUT_ONLY.has(reason)) continue;
      const orderCode = (
        inference.messages?.decision.params?.order as { code?: string } | undefined
      )?.code;
      const order =
        orderCode === 'order.mdy' ? 'mdy' : orderCode === 'order.dmy' ? 'dmy' : undefined;
      if (!order) continue;
      const days: DateTime[] = [];
      for await (const message of conversation.messages()) {
        const time = message.time.wallClock
          ? DateTime.fromISO(message.time.wallClock, { zone: 'utc' })
          : message.time.instant
            ? DateTime.fromISO(message.time.instant, { zone: message.time.zone ?? timeZone })
            : undefined;
        if (!time?.isValid) continue;
        if (days.some((day) => day.hasSame(time, 'day'))) continue;
        days.push(time);
        if (days.length === 2) break;
      }
      const written = order === 'dmy' ? 'dd/MM/yyyy' : 'MM/dd/yyyy';
      return { order, examples: days.map((day) => [day.toFormat(written), day.toISODate()!]) };
    }
  }
  return undefined;
}
