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
import type { ChatFormat, ParseOptions } from '../../format.js';
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
  isJunkEntry,
  isRecord,
  isThreadSelected,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
  sniffEntry,
  timeFromEpochMs,
} from '../json-util.js';
import { looksLikeMetaHtml, parseMetaHtmlThread } from './html.js';

const threadFilePattern =
  /^(?<root>(?:.*\/)?)messages\/(?<box>[^/]+)\/(?<thread>[^/]+)\/message_(?<n>\d+)\.(?<ext>json|html)$/;
/** A thread file copied out of its folders (`message_1.json` on its own, or in any folder). */
const looseFilePattern = /^(?<dir>(?:.*\/)?)message_(?<n>\d+)\.(?<ext>json|html)$/;
const knownBoxes = new Set([
  'inbox',
  'message_requests',
  'archived_threads',
  'filtered_threads',
  'e2ee_cutover',
]);

type Platform = 'instagram' | 'facebook';

interface ThreadFiles {
  readonly root: string;
  /** `inbox`, `message_requests`…; empty for a thread file found outside `messages/<box>/`. */
  readonly box: string;
  readonly dir: string;
  /** Paths of message_N.json (or .html when the folder has no JSON), by N ascending (newest first). */
  readonly files: string[];
  readonly isHtml: boolean;
}

/** Where a thread file sits: in `messages/<box>/<thread>/`, loose, or the single file given. */
function placeThreadFile(
  path: string,
  container: ExportSource['container'],
): { root: string; box: string; n: number; ext: string } | undefined {
  const match = threadFilePattern.exec(path)?.groups;
  if (match)
    return { root: match.root ?? '', box: match.box ?? '', n: Number(match.n), ext: match.ext! };
  const loose = looseFilePattern.exec(path)?.groups;
  if (loose) return { root: loose.dir ?? '', box: '', n: Number(loose.n), ext: loose.ext! };
  // One file given on its own, renamed: its content decides (see detect).
  const ext = posix.extname(path).slice(1).toLowerCase();
  if (container === 'file')
    return { root: '', box: '', n: 1, ext: ext === 'html' || ext === 'htm' ? 'html' : 'json' };
  return undefined;
}

/** Groups the thread files of a Meta export by thread folder; JSON wins over HTML in a folder. */
function findThreads(source: ExportSource): ThreadFiles[] {
  const byDir = new Map<
    string,
    { root: string; box: string; byExt: Map<string, [string, number][]> }
  >();
  for (const { path } of source.entries) {
    if (isJunkEntry(path)) continue;
    const place = placeThreadFile(path, source.container);
    if (!place) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    let entry = byDir.get(dir);
    if (!entry) {
      entry = { root: place.root, box: place.box, byExt: new Map() };
      byDir.set(dir, entry);
    }
    const list = entry.byExt.get(place.ext) ?? [];
    list.push([path, place.n]);
    entry.byExt.set(place.ext, list);
  }
  return [...byDir]
    .map(([dir, { root, box, byExt }]) => {
      const isHtml = !byExt.has('json');
      const files = (byExt.get(isHtml ? 'html' : 'json') ?? [])
        .sort((a, b) => a[1] - b[1])
        .map(([path]) => path);
      return { root, box, dir, files, isHtml };
    })
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** Which app made the export, from its folder root; undefined for the older `messages/` root. */
function platformFromRoot(root: string): Platform | undefined {
  if (/(^|\/)your_instagram_activity\/$/.test(root)) return 'instagram';
  if (/(^|\/)(your_facebook_activity|your_activity_across_facebook)\/$/.test(root))
    return 'facebook';
  return undefined;
}

/** Older exports have no telling root: look at the other top-level folders. */
function platformFromSiblings(source: ExportSource, root: string): Platform | undefined {
  const names = new Set(source.entries.map((e) => e.path.slice(root.length).split('/')[0]));
  if (names.has('followers_and_following') || names.has('connections')) return 'instagram';
  if (
    names.has('friends') ||
    names.has('profile_information') ||
    names.has('friends_and_followers')
  )
    return 'facebook';
  return undefined;
}

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

/** The head of a JSON thread file: a "messages" list whose items have Meta's own keys. */
function looksLikeMetaJson(head: string): boolean {
  return /"messages"\s*:/.test(head) && /"(sender_name|timestamp_ms)"\s*:/.test(head);
}

/** Folders of the export whose conversations get a note (metaExport.note.<folder>). */
const boxNotes: Record<string, Message> = Object.fromEntries(
  ['message_requests', 'filtered_threads', 'archived_threads', 'e2ee_cutover'].map((box) => [
    box,
    { code: `metaExport.note.${box}` },
  ]),
);

function makeMetaFormat(platform: Platform, label: string): ChatFormat {
  const id = platform === 'instagram' ? 'instagram' : 'messenger';

  async function detect(source: ExportSource): Promise<number> {
    try {
      const threads = findThreads(source);
      const first = threads[0];
      if (!first) return 0;
      const head = await sniffEntry(source, first.files[0]!, first.isHtml ? 65_536 : 4096);
      const looksMeta = first.isHtml
        ? looksLikeMetaHtml(head)
        : /"participants"\s*:/.test(head) || /"messages"\s*:/.test(head);
      // A thread file outside `messages/<box>/` is recognised by its content only.
      if (first.box === '' && !(first.isHtml ? looksMeta : looksLikeMetaJson(head))) return 0;
      const known = knownBoxes.has(first.box) ? 0.05 : 0;
      const found = platformFromRoot(first.root) ?? platformFromSiblings(source, first.root);
      if (found === undefined) return (platform === 'instagram' ? 0.8 : 0.75) + known;
      return found === platform ? (looksMeta ? 0.9 : 0.7) + known : 0.1;
    } catch {
      return 0;
    }
  }

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

  return {
    id,
    label,
    app: platform === 'instagram' ? 'Instagram' : 'Messenger',
    fileTypes: ['application/json', 'text/html', 'application/zip'],
    options: ['threads'],
    detect,
    parse,
  };
}

/** Instagram "Download your information" (JSON), inbox and message requests. */
export const instagramFormat: ChatFormat = makeMetaFormat(
  'instagram',
  'Instagram (Download your information, JSON or HTML)',
);

/** Facebook Messenger "Download your information" (JSON), same layout as Instagram's. */
export const messengerFormat: ChatFormat = makeMetaFormat(
  'facebook',
  'Facebook Messenger (Download your information, JSON or HTML)',
);
