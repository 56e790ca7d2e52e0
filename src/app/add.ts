import { open } from 'node:fs/promises';
import { type CaseSession, withCase } from '../case/store.js';
import type { DateOrder } from '../chats/date-order-error.js';
import type { MessageTime } from '../chats/model.js';
import { chatFormats } from '../chats/registry.js';
import { type AddRequest, type AddResult, addEvidence } from '../evidence/add.js';
import { type CollectedFile, collectFiles } from '../evidence/collect.js';
import { detectMime } from '../evidence/metadata.js';
import { type IntakeItem, recogniseChats } from '../evidence/recognise-chats.js';

export { AmbiguousDateOrderError, type DateOrder } from '../chats/date-order-error.js';
export type { MessageTime } from '../chats/model.js';
export type { AddEvent, AddRequest, AddResult } from '../evidence/add.js';
export type { CollectedFile } from '../evidence/collect.js';
export type { IntakeItem } from '../evidence/recognise-chats.js';

export interface PlanAddRequest {
  readonly paths: readonly string[];
  /** The case's zone, for exports whose times carry none. */
  readonly timeZone: string;
  readonly dateOrder?: DateOrder;
}

/** A picture, video or document a chat export holds, that the user may leave out. */
export interface PlannedMedia {
  /** Its path inside the export (what `excludeAttachments` takes). */
  readonly exportPath: string;
  readonly name: string;
  readonly sender?: string;
  readonly time: MessageTime;
}

/** One conversation of a recognised chat export. */
export interface PlannedChat {
  readonly path: string;
  /** The app's name (WhatsApp, Instagram…). */
  readonly app: string;
  readonly title: string;
  readonly messageCount: number;
  readonly media: readonly PlannedMedia[];
}

export interface AddPlan {
  readonly items: readonly IntakeItem[];
  readonly chats: readonly PlannedChat[];
  /** Plain files that are images or videos: each needs the intimate-image decision. */
  readonly mediaFiles: readonly CollectedFile[];
}

/**
 * What adding these paths would take in, without adding anything: the chat exports recognised,
 * their conversations and media, and the images and videos among the plain files. Throws
 * AmbiguousDateOrderError when an export's day/month order cannot be told and none was given.
 */
export async function planAdd(request: PlanAddRequest): Promise<AddPlan> {
  const collection = await collectFiles(request.paths);
  const recognised = await recogniseChats(request.paths, collection.files, {
    parseOptions: {
      timeZone: request.timeZone,
      ...(request.dateOrder ? { dateOrder: request.dateOrder } : {}),
    },
  });
  try {
    const chats: PlannedChat[] = [];
    for (const item of recognised.items) {
      if (item.kind !== 'chat') continue;
      for (const conversation of item.input.conversations) {
        const media = new Map<string, PlannedMedia>();
        for await (const message of conversation.messages()) {
          for (const attachment of message.attachments) {
            if (attachment.isMissing || !attachment.exportPath) continue;
            if (!['image', 'video', 'other', 'document'].includes(attachment.kind)) continue;
            media.set(attachment.exportPath, {
              exportPath: attachment.exportPath,
              name: attachment.name,
              ...(message.sender ? { sender: message.sender } : {}),
              time: message.time,
            });
          }
        }
        chats.push({
          path: item.input.path,
          app: item.input.format.app,
          title: conversation.header.title,
          messageCount: conversation.header.messageCount,
          media: [...media.values()],
        });
      }
    }
    const mediaFiles: CollectedFile[] = [];
    for (const item of recognised.items) {
      if (item.kind === 'file' && (await isImageOrVideo(item.file))) mediaFiles.push(item.file);
    }
    return { items: recognised.items, chats, mediaFiles };
  } finally {
    await Promise.all(recognised.sources.map((source) => source.close().catch(() => {})));
  }
}

/** Takes the evidence into an open case (the wizard holds the case open between questions). */
export async function applyAdd(session: CaseSession, request: AddRequest): Promise<AddResult> {
  return addEvidence(session, request);
}

export interface AddToCaseRequest extends AddRequest {
  readonly caseDir: string;
  /** Told, before anything is added, of the leftovers of an interrupted command removed on opening. */
  readonly onOpened?: (cleanedUp: readonly string[]) => void;
}

/** `preuve add`: opens (locks) the case and takes the evidence in. */
export async function addToCase(request: AddToCaseRequest): Promise<AddResult> {
  const { caseDir, onOpened, ...add } = request;
  return withCase(
    caseDir,
    { command: 'add', operator: request.operator, clock: request.clock },
    async (session) => {
      onOpened?.(session.cleanedUp);
      return addEvidence(session, add);
    },
  );
}

async function isImageOrVideo(file: CollectedFile): Promise<boolean> {
  const handle = await open(file.realPath, 'r');
  try {
    const head = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const mime = await detectMime(head.subarray(0, bytesRead));
    return mime.startsWith('image/') || mime.startsWith('video/');
  } finally {
    await handle.close();
  }
}

/** The ids of the chat formats `--format` takes. */
export function listChatFormatIds(): string[] {
  return chatFormats.map((format) => format.id);
}
