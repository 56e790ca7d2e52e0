import type { Attachment, ConversationHeader } from '../../../model/conversation.js';
import type { Exhibit } from '../../../model/exhibit.js';
import { renderMessage, renderText } from '../../../model/messages.js';
import { messageDisplayTime } from '../../assemble.js';
import type { RenderContext } from '../context.js';
import { formatDayHeader, MessageClock } from '../format.js';
import { prepareRendition } from '../images.js';
import type { TextLine, TextStyle } from '../rich-text.js';
import { COLORS, STYLES } from '../writer.js';

const TIME_WIDTH = 48;
const SEQ_WIDTH = 34;

const MESSAGE: TextStyle = { font: 'regular', size: 8.8, color: COLORS.text };
const SENDER: TextStyle = { font: 'bold', size: 8.8, color: COLORS.heading };
const MUTED: TextStyle = { font: 'italic', size: 8.8, color: COLORS.muted };
const DETAIL: TextStyle = { font: 'regular', size: 7.5, color: COLORS.muted };
const HASH: TextStyle = { font: 'mono', size: 6.8, color: COLORS.muted };
const TIME: TextStyle = { font: 'mono', size: 7.5, color: COLORS.muted };
const EXCLUDED: TextStyle = { font: 'regular', size: 7.5, color: COLORS.danger };
const NOTE: TextStyle = { font: 'bold', size: 8, color: COLORS.highlightBar };

interface Block {
  readonly lines: readonly TextLine[];
  readonly style: TextStyle;
  readonly x: number;
  /** A picture drawn above the lines (a chat image at its message). */
  readonly picture?: Picture;
}

interface Picture {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Largest side of a chat picture in the transcript, in points (about 4 cm). */
const PICTURE_MAX = 110;
const PICTURE_GAP = 2;

/**
 * A small rendition of a picture attached to a message, or undefined when it must stay described
 * only: not an image, excluded or sensitive (the reader refuses it), or not decodable.
 */
async function preparePicture(
  ctx: RenderContext,
  exhibit: Exhibit,
  attachment: Attachment,
): Promise<Picture | undefined> {
  if (attachment.kind !== 'image' && attachment.kind !== 'sticker') return undefined;
  if (attachment.isExcluded || attachment.isMissing || exhibit.isSensitive) return undefined;
  const path = ctx.readers.readAttachmentImage?.(exhibit, attachment);
  if (!path) return undefined;
  const rendition = await prepareRendition(path, PICTURE_MAX * 3);
  if (rendition.kind !== 'image') return undefined;
  const scale = Math.min(1, PICTURE_MAX / rendition.width, PICTURE_MAX / rendition.height);
  return {
    data: rendition.data,
    width: Math.max(1, rendition.width * scale),
    height: Math.max(1, rendition.height * scale),
  };
}

/** The conversation header (with the parser's inferences) and the transcript, streamed. */
export async function renderConversation(ctx: RenderContext, exhibit: Exhibit): Promise<void> {
  const { texts, w } = ctx;
  const { t } = texts;
  const header = await ctx.readers.readHeader(exhibit);
  const zone = exhibit.conversation?.timeZone ?? ctx.model.timeZone;
  await w.heading(t('conversation.header', { title: header.title }), 'h3');
  await w.keyValues(headerRows(ctx, exhibit, header, zone), 0.24);
  await w.box(
    t('conversation.inferences'),
    header.inferences.length > 0
      ? header.inferences.map((i) =>
          t('conversation.inferenceLine', {
            decision: i.messages ? renderMessage(texts.language, i.messages.decision) : i.decision,
            reason: i.messages ? renderMessage(texts.language, i.messages.reason) : i.reason,
          }),
        )
      : [t('conversation.noInference')],
    { border: COLORS.highlightBar, fill: COLORS.highlight },
  );
  if (header.notes.length > 0) {
    await w.heading(t('conversation.notes'), 'h3');
    await w.bullets(
      header.notes.map((note) => renderText(texts.language, note)),
      STYLES.small,
    );
  }
  if (header.unreferencedFiles.length > 0) {
    await w.heading(t('conversation.unreferenced'), 'h3');
    // Each file says whether it was copied: media nobody was asked about are hashed only.
    const lines = header.unreferencedFiles.map((path) => {
      const file = exhibit.files.find((candidate) => candidate.name === path);
      if (!file?.isExcluded) return path;
      const state =
        file.excludedReason === 'sensitive'
          ? t('conversation.unreferencedSensitive')
          : t('conversation.unreferencedNotCopied');
      return `${path} — ${state} — SHA-256 ${file.sha256}`;
    });
    await w.paragraph(lines.join('\n'), STYLES.small);
  }
  await w.heading(t('conversation.transcript'), 'h3');
  await w.paragraph(t('conversation.transcriptHelp', { zone }), STYLES.small, { gapAfter: 6 });
  await renderTranscript(ctx, exhibit, zone);
}

function headerRows(
  ctx: RenderContext,
  exhibit: Exhibit,
  header: ConversationHeader,
  zone: string,
): [string, string][] {
  const { t } = ctx.texts;
  const participants = header.participants.map((p) =>
    [
      p.name,
      p.id && p.id !== p.name ? `(${p.id})` : '',
      p.isExporter ? `— ${t('conversation.exporter')}` : '',
      senderRole(exhibit, p.name) === 'senderVictim' ? `— ${t('conversation.victim')}` : '',
      senderRole(exhibit, p.name) === 'senderAuthor' ? `— ${t('conversation.presumedAuthor')}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  return [
    [t('conversation.format'), [header.format, exhibit.app].filter(Boolean).join(' — ')],
    [t('conversation.participants'), ctx.orMissing(participants.join('\n'))],
    [t('conversation.messageCount'), String(header.messageCount)],
    [
      t('conversation.firstMessage'),
      ctx.orMissing(header.firstMessageAt && ctx.time(messageDisplayTime(header.firstMessageAt))),
    ],
    [
      t('conversation.lastMessage'),
      ctx.orMissing(header.lastMessageAt && ctx.time(messageDisplayTime(header.lastMessageAt))),
    ],
    [t('conversation.timeZone'), zone],
  ];
}

async function renderTranscript(ctx: RenderContext, exhibit: Exhibit, zone: string): Promise<void> {
  const { texts, w } = ctx;
  const { t } = texts;
  const engine = w.text;
  const clock = new MessageClock(zone);
  const highlights = new Map((exhibit.highlights ?? []).map((h) => [h.seq, h.note]));
  const textX = w.left + TIME_WIDTH;
  const textWidth = w.width - TIME_WIDTH - SEQ_WIDTH;
  const senderWidths = new Map<string, { lines: TextLine[]; width: number }>();
  const messageLh = engine.lineHeight(MESSAGE);
  let currentDay: string | undefined;

  for await (const message of ctx.readers.readMessages(exhibit)) {
    const local = clock.local(message.time);
    const day = local?.day ?? '';
    if (day !== currentDay) {
      currentDay = day;
      const label = day ? formatDayHeader(day, texts.language) : t('time.unknown');
      w.ensure(messageLh * 3 + 8);
      w.y += 3;
      w.doc.rect(w.left, w.y, w.width, 13).fill(COLORS.band);
      const line = engine.layout(label, STYLES.label, w.width)[0]!;
      engine.draw(line, w.left + 4, w.y + 2.5, { ...STYLES.label, color: COLORS.heading });
      w.y += 17;
    }

    const blocks: Block[] = [];
    const isHighlighted = highlights.has(message.seq);
    if (isHighlighted) {
      const note = highlights.get(message.seq);
      blocks.push({
        lines: engine.layout(
          [t('conversation.highlight'), note].filter(Boolean).join(' — '),
          NOTE,
          textWidth,
        ),
        style: NOTE,
        x: textX,
      });
    }
    const flags = message.flags;
    const isMuted = Boolean(flags.isSystem || flags.isDeleted);
    let body = message.text;
    if (flags.isDeleted)
      body = body
        ? t('common.labelValue', { label: t('conversation.deleted'), value: body })
        : t('conversation.deleted');
    if (flags.isSystem && !message.sender) body = body || t('conversation.system');
    if (!body && message.attachments.length === 0) body = t('conversation.empty');
    const bodyStyle = isMuted || !message.text ? MUTED : MESSAGE;

    let senderLine: TextLine | undefined;
    let senderWidth = 0;
    if (message.sender && !flags.isSystem) {
      let cached = senderWidths.get(message.sender);
      if (!cached) {
        const lines = engine.layout(
          t(`conversation.${senderRole(exhibit, message.sender)}`, { sender: message.sender }),
          SENDER,
          textWidth * 0.45,
        );
        cached = { lines, width: lines.length === 1 ? lines[0]!.width + 4 : textWidth };
        await engine.prepare(lines);
        senderWidths.set(message.sender, cached);
      }
      senderLine = cached.lines.length === 1 ? cached.lines[0] : undefined;
      senderWidth = cached.width;
      if (!senderLine) blocks.push({ lines: cached.lines, style: SENDER, x: textX });
    }
    if (senderLine && !body) {
      // Attachments only: the sender gets a line of its own.
      blocks.push({ lines: [senderLine], style: SENDER, x: textX });
      senderLine = undefined;
    }
    const firstWidth = senderLine ? textWidth - senderWidth : textWidth;
    if (body) {
      const lines = engine.layout(body, bodyStyle, textWidth, firstWidth);
      blocks.push({ lines, style: bodyStyle, x: textX });
    }
    const flagWords = [
      message.time.unreadable !== undefined &&
        t('time.unreadable', { raw: message.time.unreadable }),
      flags.isEdited && t('conversation.edited'),
      flags.isForwarded && t('conversation.forwarded'),
      flags.isViewOnce && t('conversation.viewOnce'),
      flags.isMediaOmitted && t('conversation.mediaOmitted'),
      flags.isContentMissing && t('conversation.contentMissing'),
    ].filter(Boolean);
    if (flagWords.length > 0) {
      blocks.push({
        lines: engine.layout(`(${flagWords.join(' · ')})`, MUTED, textWidth),
        style: MUTED,
        x: textX,
      });
    }
    for (const attachment of message.attachments) {
      const state = attachment.isExcluded
        ? t('conversation.excluded')
        : attachment.isMissing
          ? t('conversation.missing')
          : '';
      const label = t('common.labelValue', {
        label: t('conversation.attachment'),
        value: state ? `${attachment.name} — ${state}` : attachment.name,
      });
      const style = attachment.isExcluded ? EXCLUDED : DETAIL;
      const picture = await preparePicture(ctx, exhibit, attachment);
      if (picture) blocks.push({ lines: [], style, x: textX + 8, picture });
      blocks.push({ lines: engine.layout(label, style, textWidth - 8), style, x: textX + 8 });
      if (attachment.sha256) {
        blocks.push({
          lines: engine.layout(`SHA-256 ${attachment.sha256}`, HASH, textWidth - 8),
          style: HASH,
          x: textX + 8,
        });
      }
    }
    if (message.reactions && message.reactions.length > 0) {
      const reactions = message.reactions
        .map((r) => (r.by ? `${r.emoji} (${r.by})` : r.emoji))
        .join(', ');
      blocks.push({
        lines: engine.layout(
          t('common.labelValue', { label: t('conversation.reactions'), value: reactions }),
          DETAIL,
          textWidth,
        ),
        style: DETAIL,
        x: textX,
      });
    }
    if (message.links && message.links.length > 0) {
      blocks.push({
        lines: engine.layout(
          t('common.labelValue', {
            label: t('conversation.links'),
            value: message.links.join(' '),
          }),
          DETAIL,
          textWidth,
        ),
        style: DETAIL,
        x: textX,
      });
    }

    let height = 0;
    let hasEmoji = false;
    for (const block of blocks) {
      height += block.lines.length * engine.lineHeight(block.style);
      if (block.picture) height += block.picture.height + PICTURE_GAP * 2;
      if (!hasEmoji) hasEmoji = block.lines.some((l) => l.pieces.some((p) => p.kind === 'emoji'));
    }
    if (hasEmoji) for (const block of blocks) await engine.prepare(block.lines);
    const gap = 2.5;
    if (height + gap <= w.bottom - w.top) w.ensure(height + gap);
    else w.ensure(messageLh);
    const top = w.y;
    if (isHighlighted && w.y + height <= w.bottom) {
      w.doc.rect(w.left, top - 1, w.width, height + 2).fill(COLORS.highlight);
      w.doc.rect(w.left, top - 1, 2.5, height + 2).fill(COLORS.highlightBar);
    }
    if (local)
      engine.draw(engine.layout(local.time, TIME, TIME_WIDTH)[0]!, w.left + 4, top + 1, TIME);
    const seqLine = engine.layout(
      t('conversation.seq', { seq: message.seq + 1 }),
      DETAIL,
      SEQ_WIDTH,
    )[0]!;
    engine.draw(seqLine, w.right - seqLine.width, top + 1, DETAIL);
    let isFirst = true;
    for (const block of blocks) {
      const lh = engine.lineHeight(block.style);
      if (block.picture) {
        const { data, width, height: pictureHeight } = block.picture;
        w.ensure(pictureHeight + PICTURE_GAP * 2);
        w.y += PICTURE_GAP;
        w.doc.image(data, block.x, w.y, { width, height: pictureHeight });
        w.doc
          .rect(block.x, w.y, width, pictureHeight)
          .lineWidth(0.5)
          .strokeColor(COLORS.rule)
          .stroke();
        w.y += pictureHeight + PICTURE_GAP;
      }
      for (const line of block.lines) {
        w.ensure(lh);
        if (isFirst && senderLine && block.style === bodyStyle) {
          engine.draw(senderLine, textX, w.y, SENDER);
          engine.draw(line, textX + senderWidth, w.y, block.style);
        } else {
          engine.draw(line, block.x, w.y, block.style);
        }
        if (block.style === bodyStyle) isFirst = false;
        w.y += lh;
      }
    }
    w.y += gap;
  }
}

/**
 * Which label a sender gets: the child named by add --victim-name is the victim; in a two-person
 * conversation the other one is the presumed author. Without a victim name, no role is claimed.
 */
function senderRole(
  exhibit: Exhibit,
  sender: string,
): 'senderLabel' | 'senderVictim' | 'senderAuthor' {
  const victim = exhibit.conversation?.victimName;
  if (!victim) return 'senderLabel';
  if (sender === victim) return 'senderVictim';
  return exhibit.conversation!.participants.length === 2 ? 'senderAuthor' : 'senderLabel';
}
