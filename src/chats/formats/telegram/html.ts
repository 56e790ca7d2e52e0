/**
 * Telegram Desktop export as HTML (the default unless "Machine-readable JSON" is ticked):
 * `messages.html`, `messages2.html`… in one folder per chat, oldest first. A message is a
 * `div.message.default` whose `div.pull_right.date.details` carries the full time in its `title`
 * ("13.03.2024 22:41:05 UTC+01:00"; older versions write no offset). A `joined` message has no
 * `from_name`: it is from the sender of the message before it.
 */
import { posix } from 'node:path';
import { DateTime } from 'luxon';
import type {
  Attachment,
  AttachmentKind,
  Inference,
  MessageTime,
  ParsedConversation,
} from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import type { ParseOptions } from '../../format.js';
import { inferred } from '../../inferred.js';
import {
  childElements,
  describeCut,
  type Element,
  findByClass,
  findElements,
  hasClass,
  parseHtml,
  readHtmlEntry,
  textOf,
} from '../html-util.js';
import {
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  EntryIndex,
  isThreadSelected,
  kindFromName,
  sequenceMessages,
  timeFromWallClock,
} from '../json-util.js';
import { findTelegramPages, pagePattern } from './pages.js';

/** True when the page's first bytes hold a Telegram message (`div.message` with a dated title). */
export function looksLikeTelegramHtml(head: string): boolean {
  if (!/class="message/.test(head)) return false;
  return (
    findElements(parseHtml(head), (e) => isMessage(e) && dateTitle(e) !== undefined).length > 0
  );
}

function isMessage(e: Element): boolean {
  return e.name === 'div' && hasClass(e, 'message');
}

function dateTitle(message: Element): string | undefined {
  const date = findElements(
    childElements(message),
    (e) => hasClass(e, 'date') && hasClass(e, 'details'),
  )
    .filter((e) => !isInsideForwarded(e, message))
    .find((e) => e.attribs.title);
  return date?.attribs.title;
}

function findForwarded(message: Element): Element | undefined {
  return findElements(childElements(message), (e) => hasClass(e, 'forwarded'))[0];
}

/** The forwarded block repeats the original sender and date: they are not this message's. */
function isInsideForwarded(element: Element, message: Element): boolean {
  for (let node = element.parent; node && node !== message; node = node.parent) {
    if ((node as Element).attribs && hasClass(node as Element, 'forwarded')) return true;
  }
  return false;
}

const titlePattern =
  /^(?<d>\d{2})\.(?<m>\d{2})\.(?<y>\d{4}) (?<t>\d{2}:\d{2}:\d{2})(?: UTC(?<offset>[+-]\d{2}:\d{2}))?$/;

/** The time of a `title` attribute: an instant when it has its UTC offset, else wall clock. */
function readTitle(
  title: string,
  zone: string,
): { time: MessageTime; isWallClock: boolean } | undefined {
  const g = titlePattern.exec(title.trim())?.groups;
  if (!g) return undefined;
  const local = `${g.y}-${g.m}-${g.d}T${g.t}`;
  if (g.offset) {
    const parsed = DateTime.fromISO(`${local}${g.offset}`, { setZone: true });
    if (!parsed.isValid) return undefined;
    const instant = parsed.toUTC().toISO({ suppressMilliseconds: true });
    return instant ? { time: { instant, precision: 'second' }, isWallClock: false } : undefined;
  }
  return { time: timeFromWallClock(local, zone), isWallClock: true };
}

const mediaKinds: [string, AttachmentKind][] = [
  ['media_photo', 'image'],
  ['photo_wrap', 'image'],
  ['media_video', 'video'],
  ['video_file_wrap', 'video'],
  ['media_voice_message', 'audio'],
  ['media_audio_file', 'audio'],
  ['media_file', 'document'],
  ['sticker_wrap', 'sticker'],
  ['media_round_video', 'video'],
  ['animated_wrap', 'video'],
];

interface ChatPages {
  readonly dir: string;
  readonly pages: readonly string[];
}

/** Reads one chat's pages into drafts, in page order. */
async function readChat(source: ExportSource, index: EntryIndex, chat: ChatPages, zone: string) {
  const drafts: DraftMessage[] = [];
  const participants = new Set<string>();
  const inferences: Inference[] = [];
  let title: string | undefined;
  let wallClockCount = 0;
  let previousSender: string | undefined;
  for (const file of chat.pages) {
    const { roots, isComplete } = await readHtmlEntry(source, file);
    if (!isComplete) inferences.push(describeCut(file));
    if (title === undefined) {
      const header = findElements(roots, (e) => hasClass(e, 'page_header'))[0];
      const text = header ? findByClass(header, 'text') : undefined;
      title = text ? textOf(text) : undefined;
    }
    for (const message of findElements(roots, isMessage)) {
      if (hasClass(message, 'service')) {
        previousSender = undefined;
        continue;
      }
      const title = dateTitle(message);
      const read = title ? readTitle(title, zone) : undefined;
      if (!read) continue;
      if (read.isWallClock) wallClockCount += 1;
      const fromName = findElements(childElements(message), (e) => hasClass(e, 'from_name')).find(
        (e) => !isInsideForwarded(e, message),
      );
      const sender = fromName
        ? textOf(fromName)
        : hasClass(message, 'joined')
          ? previousSender
          : undefined;
      previousSender = sender;
      if (sender) participants.add(sender);
      drafts.push(toDraft(message, read.time, sender, { file, index, dir: chat.dir }));
    }
  }
  if (wallClockCount > 0) {
    inferences.push(
      inferred(
        'time-zone',
        { code: 'telegram.localTime.decision', params: { count: wallClockCount, zone } },
        { code: 'telegramHtml.localTime.reason' },
      ),
    );
  }
  return { messages: sequenceMessages(drafts), participants, inferences, title };
}

function toDraft(
  message: Element,
  time: MessageTime,
  sender: string | undefined,
  context: { file: string; index: EntryIndex; dir: string },
): DraftMessage {
  const body = findByClass(message, 'body') ?? message;
  const forwarded = findForwarded(message);
  const textElement = findElements(childElements(body), (e) => hasClass(e, 'text'))[0];
  const text = textElement ? textOf(textElement) : '';
  const attachments: Attachment[] = [];
  for (const [cls, kind] of mediaKinds) {
    for (const wrap of findElements(childElements(body), (e) => hasClass(e, cls))) {
      const href =
        wrap.name === 'a'
          ? wrap.attribs.href
          : findElements([wrap], (e) => e.name === 'a')[0]?.attribs.href;
      const label = textOf(wrap).split('\n')[0] ?? kind;
      if (!href || /^https?:|^#/.test(href)) {
        attachments.push({ name: label || kind, kind, isMissing: true });
        continue;
      }
      const exportPath = context.index.resolve(href, [context.dir, '']);
      const name = posix.basename(href);
      if (attachments.some((a) => a.name === name)) continue;
      attachments.push({
        name,
        kind: kind === 'document' ? kindFromName(name, 'document') : kind,
        ...(exportPath ? { exportPath } : { isMissing: true }),
      });
    }
  }
  const reply = findElements(
    childElements(body),
    (e) => e.name === 'a' && /^#go_to_message\d+$/.test(e.attribs.href ?? ''),
  )[0];
  const id = /^message(\d+)$/.exec(message.attribs.id ?? '')?.[1];
  const edited = findElements(
    childElements(body),
    (e) => hasClass(e, 'date') && /edited|modifié/i.test(textOf(e)),
  )[0];
  return {
    ...(sender ? { sender } : {}),
    time,
    text: forwarded && !textElement ? textOf(forwarded) : text,
    attachments,
    flags: {
      ...(forwarded ? { isForwarded: true } : {}),
      ...(edited ? { isEdited: true } : {}),
    },
    source: {
      file: context.file,
      ...(message.attribs.id ? { raw: `div#${message.attribs.id}` } : {}),
    },
    ...(id ? { id } : {}),
    ...(reply ? { replyToId: reply.attribs.href!.replace('#go_to_message', '') } : {}),
  };
}

/** Parses every chat folder of a Telegram Desktop HTML export. */
export async function parseTelegramHtml(
  source: ExportSource,
  options: ParseOptions,
): Promise<ParsedConversation[]> {
  const index = new EntryIndex(source);
  const conversations: ParsedConversation[] = [];
  const available: string[] = [];
  for (const [dir, pages] of findTelegramPages(source)) {
    const chat = await readChat(source, index, { dir, pages }, options.timeZone);
    if (chat.messages.length === 0 && !chat.title) continue;
    const title = chat.title ?? (posix.basename(dir) || 'Telegram chat');
    available.push(title);
    if (!isThreadSelected(options.threads, [title, dir, posix.basename(dir)])) continue;
    const referenced = new Set(
      chat.messages.flatMap((m) => m.attachments.flatMap((a) => a.exportPath ?? [])),
    );
    conversations.push(
      buildConversation(
        {
          format: 'telegram',
          title,
          participants: [...chat.participants].map((name) => ({ name })),
          metadata: {
            variant: 'html',
            folder: dir === '' ? '(export root)' : dir,
            files: pages.join(', '),
          },
          inferences: chat.inferences,
          notes: [{ code: 'telegram.note.secretChats' }],
          unreferencedFiles: index
            .under(dir)
            .filter(
              (p) =>
                !pages.includes(p) &&
                !referenced.has(p) &&
                !/(^|\/)(css|js|images)\//.test(p.slice(dir.length)) &&
                !/_thumb\.\w+$/.test(p) &&
                !pagePattern.test(p),
            ),
        },
        chat.messages,
      ),
    );
  }
  assertThreadsFound(options.threads, conversations.length, available);
  return conversations;
}
