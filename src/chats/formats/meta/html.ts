/**
 * Instagram and Facebook Messenger "Download your information", HTML flavour: the same thread
 * folders as the JSON one, with `message_N.html` pages (N = 1 newest, each page newest-first).
 * Meta's CSS class names are obfuscated and change between versions, so nothing here looks at a
 * class: a message is an element whose last child is a date written in the account's language,
 * whose first child (an `<h2>` today, a `<div>` in older pages) is the sender, and whose children
 * between them hold the text and the media (`<img>`, `<video>`, `<audio>`, `<a>`).
 */
import { posix } from 'node:path';
import type {
  Attachment,
  AttachmentKind,
  ChatMessage,
  Inference,
} from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import { inferred } from '../../inferred.js';
import { WallClockConverter } from '../../time.js';
import {
  childElements,
  describeCut,
  type Element,
  findElements,
  mediaReferences,
  parseHtml,
  readHtmlEntry,
  textOf,
} from '../html-util.js';
import {
  type DraftMessage,
  type EntryIndex,
  kindFromName,
  sequenceMessages,
} from '../json-util.js';
import { type DateLocale, type LocalizedTime, parseLocalizedTime } from '../localized-time.js';

/** One Meta message element, before its time is read in a zone. */
interface HtmlBlock {
  readonly sender: string | undefined;
  readonly body: Element[];
  readonly time: LocalizedTime;
  readonly dateText: string;
}

/** Finds the message elements of a page, in page order (newest first). */
function findBlocks(roots: readonly Element[]): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  for (const element of findElements(roots, (e) => e.name === 'div')) {
    const children = childElements(element);
    if (children.length < 2) continue;
    const last = children[children.length - 1]!;
    // A date element is a leaf or nearly: skip wrappers at once instead of reading all their text.
    if (!isSmall(last, 6)) continue;
    const dateText = textOf(last);
    const time = parseLocalizedTime(dateText);
    if (!time) continue;
    const first = children[0]!;
    const hasSender = children.length > 2 || first.name === 'h2';
    blocks.push({
      sender: hasSender ? textOf(first) || undefined : undefined,
      body: children.slice(hasSender ? 1 : 0, -1),
      time,
      dateText,
    });
  }
  return blocks;
}

/** True when the element holds at most `limit` elements (itself included), counted lazily. */
function isSmall(element: Element, limit: number): boolean {
  let count = 0;
  const visit = (e: Element): boolean => {
    count += 1;
    return count <= limit && childElements(e).every(visit);
  };
  return visit(element);
}

/** True when the page's first bytes hold at least one Meta message element. */
export function looksLikeMetaHtml(head: string): boolean {
  if (!/<html|<body|<div/i.test(head)) return false;
  return findBlocks(parseHtml(head)).length > 0;
}

const unsentPatterns = [
  /^(you|.+) unsent a message\.?$/i,
  /^(vous avez|.+ a) annulé l[’']envoi d[’']un message\.?$/i,
  /^(vous avez|.+ a) retiré un message\.?$/i,
];
const autoPatterns = [
  /^(you|.+) sent an attachment\.$/i,
  /^(vous avez|.+ a) envoyé une pièce jointe\.$/i,
  /^(liked a message|a aimé un message)$/i,
  /^(audio|video) call ended$/i,
  /^appel (audio|vidéo) terminé$/i,
];

const kindByTag: Record<string, AttachmentKind> = { img: 'image', video: 'video', audio: 'audio' };

export interface HtmlThread {
  readonly root: string;
  readonly dir: string;
  readonly files: readonly string[];
}

export interface HtmlThreadParse {
  readonly messages: ChatMessage[];
  readonly title: string | undefined;
  readonly participants: string[];
  readonly inferences: Inference[];
}

/** Reads every message_N.html of one thread, oldest message first. */
export async function parseMetaHtmlThread(
  source: ExportSource,
  index: EntryIndex,
  thread: HtmlThread,
  timeZone: string,
): Promise<HtmlThreadParse> {
  const converter = new WallClockConverter(timeZone);
  const drafts: DraftMessage[] = [];
  const participants = new Set<string>();
  const locales = new Map<DateLocale, string>();
  let title: string | undefined;
  let hasSeconds = false;
  const cuts: Inference[] = [];
  for (const file of thread.files) {
    const { roots, isComplete } = await readHtmlEntry(source, file);
    if (!isComplete) cuts.push(describeCut(file));
    title ??= pageTitle(roots);
    for (const [i, block] of findBlocks(roots).entries()) {
      if (!locales.has(block.time.locale)) locales.set(block.time.locale, block.dateText);
      hasSeconds ||= block.time.hasSeconds;
      const time = converter.convert(block.time.parts, block.time.hasSeconds ? 'second' : 'minute');
      if (!time) continue;
      if (block.sender) participants.add(block.sender);
      drafts.push(toDraft(block, time, { file, n: i + 1, index, thread }));
    }
  }
  // Pages and messages are newest-first: reverse, then a stable sort by instant.
  drafts.reverse();
  const examples = [...locales].map(([locale, text]) => `${locale}: "${text}"`);
  const inferences: Inference[] = [
    inferred(
      'time-zone',
      {
        code: 'metaHtml.localTime.decision',
        params: { zone: timeZone, examples: examples.join(', ') || '—' },
      },
      {
        code: hasSeconds ? 'metaHtml.localTime.reasonSeconds' : 'metaHtml.localTime.reasonMinutes',
      },
    ),
    ...cuts,
  ];
  return { messages: sequenceMessages(drafts), title, participants: [...participants], inferences };
}

function pageTitle(roots: readonly Element[]): string | undefined {
  for (const name of ['title', 'h1']) {
    const found = findElements(roots, (e) => e.name === name)[0];
    const text = found ? textOf(found) : '';
    if (text) return text;
  }
  return undefined;
}

/** A reaction item reads "❤Léa": the emoji, then who reacted. */
function splitReaction(text: string): { emoji: string; by?: string } {
  const match = /^((?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)+)\s*(.*)$/u.exec(
    text,
  );
  if (!match) return { emoji: text };
  return match[2] ? { emoji: match[1]!, by: match[2] } : { emoji: match[1]! };
}

interface DraftContext {
  readonly file: string;
  readonly n: number;
  readonly index: EntryIndex;
  readonly thread: HtmlThread;
}

function toDraft(
  block: HtmlBlock,
  time: NonNullable<ReturnType<WallClockConverter['convert']>>,
  context: DraftContext,
): DraftMessage {
  const skipReactions = (e: Element): boolean => e.name === 'ul';
  const text = block.body
    .map((e) => textOf(e, skipReactions))
    .filter(Boolean)
    .join('\n');
  const reactions = block.body
    .flatMap((e) => findElements([e], (x) => x.name === 'li'))
    .map((li) => splitReaction(textOf(li)))
    .filter((r) => r.emoji !== '');
  const attachments: Attachment[] = [];
  const links: string[] = [];
  for (const { ref, tag } of block.body.flatMap(mediaReferences)) {
    if (/^https?:/i.test(ref)) {
      if (!links.includes(ref)) links.push(ref);
      continue;
    }
    const exportPath = context.index.resolve(ref, [context.thread.root, context.thread.dir, '']);
    const name = posix.basename(ref);
    if (attachments.some((a) => a.name === name)) continue;
    attachments.push({
      name,
      kind: kindByTag[tag] ?? kindFromName(name, 'document'),
      ...(exportPath ? { exportPath } : { isMissing: true }),
    });
  }
  const isDeleted = unsentPatterns.some((p) => p.test(text));
  const isSystem = !isDeleted && attachments.length === 0 && autoPatterns.some((p) => p.test(text));
  return {
    ...(block.sender ? { sender: block.sender } : {}),
    time,
    text,
    attachments,
    flags: {
      ...(isDeleted ? { isDeleted: true } : {}),
      ...(isSystem ? { isSystem: true } : {}),
    },
    source: { file: context.file, raw: `message element ${context.n} of the page` },
    ...(reactions.length > 0 ? { reactions } : {}),
    ...(links.length > 0 ? { links } : {}),
  };
}
