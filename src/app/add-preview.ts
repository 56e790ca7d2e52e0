import type { DateOrder } from '../chats/date-order-error.js';
import { collectFiles } from '../evidence/collect.js';
import { type GatedMedia, innerMediaKey, listGatedMedia } from '../evidence/media-gate.js';
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
}

/** What an intake would do, before any byte is copied. */
export interface AddPlan {
  readonly items: readonly PlannedItem[];
  readonly chats: readonly PlannedChat[];
  /** Plain files and plain zips holding images or videos: each needs the intimate-image decision. */
  readonly gatedFiles: readonly GatedMedia[];
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
      for (const [position, conversation] of input.conversations.entries()) {
        chats.push({
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
    return { items, chats, gatedFiles };
  } finally {
    await Promise.all(recognised.sources.map((source) => source.close().catch(() => {})));
  }
}
