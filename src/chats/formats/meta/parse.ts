/**
 * Instagram and Facebook Messenger "Download your information", JSON flavour (HTML: html.ts):
 * `<root>messages/<box>/<thread>/message_N.json`, N = 1 holding the newest messages, each file
 * newest-first. Every string is UTF-8 mis-decoded as Latin-1 and is repaired (see mojibake.ts).
 */
import { posix } from 'node:path';
import type {
  Attachment,
  AttachmentKind,
  ChatMessage,
  Inference,
  ParsedConversation,
} from '../../../model/conversation.js';
import type { Message } from '../../../model/messages.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import { MojibakeRepairer } from '../../mojibake.js';
import {
  asArray,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  EntryIndex,
  firstOutOfOrder,
  isRecord,
  isThreadSelected,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
  timeFromEpochMs,
} from '../json-util.js';
import { findThreads, platformFromRoot, platformFromSiblings, type ThreadFiles } from './detect.js';
import { parseMetaHtmlThread } from './html.js';

const mediaFields: readonly [string, AttachmentKind][] = [
  ['photos', 'image'],
  ['videos', 'video'],
  ['audio_files', 'audio'],
  ['gifs', 'image'],
  ['files', 'document'],
];

/** Texts Meta writes on its own (English; the account's language varies). Not authored words. */
function isAutoText(text: string, sender: string | undefined): boolean {
  if (/^(You|.+) sent an attachment\.$/.test(text)) return true;
  if (/^(Liked a message|Reacted .{1,8} to your message ?)$/.test(text)) return true;
  if (sender && text === `${sender} unsent a message`) return true;
  return /^(Audio|Video) call ended$/.test(text) || text === 'This poll is no longer available.';
}

interface ThreadParse {
  readonly messages: ChatMessage[];
  readonly title: string;
  readonly participants: string[];
  readonly threadPath: string | undefined;
  readonly inferences: Inference[];
}

/** Reads every message_N file of one thread (JSON or HTML) in chronological order. */
async function parseThread(
  source: ExportSource,
  index: EntryIndex,
  thread: ThreadFiles,
  timeZone: string,
): Promise<ThreadParse> {
  if (thread.isHtml) {
    const html = await parseMetaHtmlThread(source, index, thread, timeZone);
    return { ...html, title: html.title ?? posix.basename(thread.dir), threadPath: undefined };
  }
  return parseJsonThread(source, index, thread);
}

/** Reads every message_N.json of one thread and merges them in chronological order. */
async function parseJsonThread(
  source: ExportSource,
  index: EntryIndex,
  thread: ThreadFiles,
): Promise<ThreadParse> {
  const repairer = new MojibakeRepairer();
  const drafts: DraftMessage[] = [];
  const sourceKeys: number[] = [];
  let title: string | undefined;
  let threadPath: string | undefined;
  const participants = new Set<string>();

  for (const file of thread.files) {
    const data = await readJsonEntry(source, file);
    if (!isRecord(data) || !Array.isArray(data.messages)) {
      throw malformed(
        source,
        file,
        'no "messages" list, so this is not a Meta message_N.json thread file',
      );
    }
    repairer.useFile(data);
    title ??= repairer.fix(asString(data.title));
    threadPath ??= asString(data.thread_path);
    for (const p of asArray(data.participants)) {
      const name = isRecord(p) ? asString(p.name) : undefined;
      if (name) participants.add(repairer.fix(name));
    }
    for (const [i, raw] of data.messages.entries()) {
      const jsonPath = pointer('messages', i);
      if (!isRecord(raw) || typeof raw.timestamp_ms !== 'number') {
        throw malformed(source, file, `message ${jsonPath} has no "timestamp_ms"`);
      }
      sourceKeys.push(raw.timestamp_ms);
      drafts.push(toDraft(raw, { file, jsonPath, repairer, index, thread }));
    }
  }
  // Files and messages are newest-first: reverse, then a stable sort by instant.
  drafts.reverse();
  const inferences: Inference[] = [];
  const backwards = firstOutOfOrder(sourceKeys.map((k) => -k));
  if (backwards >= 0) {
    inferences.push(
      inferred(
        'out-of-order',
        { code: 'metaExport.sorted.decision' },
        { code: 'metaExport.sorted.reason', params: { position: backwards + 1 } },
      ),
    );
  }
  const repair = repairer.inference();
  if (repair) inferences.push(repair);
  for (const d of drafts) if (d.sender) participants.add(d.sender);
  return {
    messages: sequenceMessages(drafts),
    title: title ?? posix.basename(thread.dir),
    participants: [...participants],
    threadPath,
    inferences,
  };
}

interface DraftContext {
  readonly file: string;
  readonly jsonPath: string;
  readonly repairer: MojibakeRepairer;
  readonly index: EntryIndex;
  readonly thread: ThreadFiles;
}

function toDraft(raw: Record<string, unknown>, context: DraftContext): DraftMessage {
  const { repairer, index, thread } = context;
  const sender = repairer.fix(asString(raw.sender_name));
  const content = repairer.fix(asString(raw.content));
  const share = isRecord(raw.share) ? raw.share : undefined;
  const shareText = repairer.fix(asString(share?.share_text));
  const link = asString(share?.link);
  const text = content ?? shareText ?? '';
  const isUnsent = raw.is_unsent === true;

  const attachments: Attachment[] = [];
  const toAttachment = (uri: string, kind: AttachmentKind): Attachment => {
    // uris are relative to the export root; the user may have given a folder above or below it.
    const fromMessages = uri.indexOf('messages/');
    const bases = [thread.root, ''];
    const exportPath =
      index.resolve(uri, bases) ??
      (fromMessages >= 0 ? index.resolve(uri.slice(fromMessages), [thread.root]) : undefined);
    const name = posix.basename(uri);
    return {
      name,
      kind: kind === 'document' ? kindFromName(name, 'document') : kind,
      ...(exportPath ? { exportPath } : { isMissing: true }),
    };
  };
  for (const [field, kind] of mediaFields) {
    for (const media of asArray(raw[field])) {
      const uri = isRecord(media) ? asString(media.uri) : undefined;
      if (uri) attachments.push(toAttachment(uri, kind));
    }
  }
  const stickerUri = isRecord(raw.sticker) ? asString(raw.sticker.uri) : undefined;
  if (stickerUri) attachments.push({ ...toAttachment(stickerUri, 'sticker'), kind: 'sticker' });

  const reactions = asArray(raw.reactions)
    .filter(isRecord)
    .map((r) => ({
      emoji: repairer.fix(asString(r.reaction) ?? ''),
      by: repairer.fix(asString(r.actor)),
    }))
    .map((r) => (r.by === undefined ? { emoji: r.emoji } : r));

  const isSystem =
    text !== '' && attachments.length === 0 && !link ? isAutoText(text, sender) : false;
  return {
    ...(sender ? { sender } : {}),
    time: timeFromEpochMs(raw.timestamp_ms as number, 'ms'),
    text,
    attachments,
    flags: {
      ...(isUnsent ? { isDeleted: true } : {}),
      ...(isSystem ? { isSystem: true } : {}),
    },
    source: { file: context.file, jsonPath: context.jsonPath },
    ...(reactions.length > 0 ? { reactions } : {}),
    ...(link ? { links: [link] } : {}),
  };
}

/** Folders of the export whose conversations get a note (metaExport.note.<folder>). */
const boxNotes: Record<string, Message> = Object.fromEntries(
  ['message_requests', 'filtered_threads', 'archived_threads', 'e2ee_cutover'].map((box) => [
    box,
    { code: `metaExport.note.${box}` },
  ]),
);

/** Both apps' exports are read alike; `id` is the format stored with each conversation. */
function makeMetaParser(id: 'instagram' | 'messenger'): ChatFormatParser {
  async function parse(source: ExportSource, options: ParseOptions): Promise<ParsedConversation[]> {
    const index = new EntryIndex(source);
    const threads = findThreads(source);
    if (threads.length === 0) {
      throw malformed(
        source,
        source.origin,
        'no messages/…/<thread>/message_1.json (or .html) file was found',
      );
    }
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    for (const thread of threads) {
      const first = await parseThread(source, index, thread, options.timeZone);
      available.push(`${first.title} (${thread.box}/${posix.basename(thread.dir)})`);
      const names = [
        first.title,
        thread.dir,
        `${thread.box}/${posix.basename(thread.dir)}`,
        posix.basename(thread.dir),
        first.threadPath,
      ];
      if (!isThreadSelected(options.threads, names)) continue;
      const referenced = new Set(
        first.messages.flatMap((m) => m.attachments.flatMap((a) => a.exportPath ?? [])),
      );
      const found = platformFromRoot(thread.root) ?? platformFromSiblings(source, thread.root);
      const note = boxNotes[thread.box];
      conversations.push(
        buildConversation(
          {
            format: id,
            title: first.title,
            participants: first.participants.map((name) => ({ name })),
            metadata: {
              variant: thread.isHtml ? 'dyi-html' : 'dyi-json',
              platform: found ?? 'undetermined',
              root: thread.root === '' ? '(export root)' : thread.root,
              box: thread.box || '(none: thread file given on its own)',
              threadFolder: thread.dir,
              ...(first.threadPath ? { threadPath: first.threadPath } : {}),
              files: thread.files.map((f) => posix.basename(f)).join(', '),
            },
            inferences: first.inferences,
            notes: note ? [note] : [],
            unreferencedFiles: index
              .under(thread.dir)
              .filter((p) => !thread.files.includes(p) && !referenced.has(p)),
          },
          first.messages,
          async () => (await parseThread(source, index, thread, options.timeZone)).messages,
        ),
      );
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  }

  return { parse };
}

/** Instagram's parser, loaded by its descriptor. */
export const instagramParser: ChatFormatParser = makeMetaParser('instagram');

/** Messenger's parser, loaded by its descriptor. */
export const messengerParser: ChatFormatParser = makeMetaParser('messenger');
