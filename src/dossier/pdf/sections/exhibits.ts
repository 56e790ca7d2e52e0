import type { Exhibit } from '../../../model/exhibit.js';
import { formatExhibitId } from '../../../model/exhibit.js';
import type { DossierSection, RenderContext } from '../context.js';
import { countPdfPages } from '../embed-pages.js';
import { formatBytes, formatSource } from '../format.js';
import { prepareRendition } from '../images.js';
import { COLORS, STYLES } from '../writer.js';
import { renderCompactExhibit } from './compact-exhibit.js';
import { describeExhibit } from './describe.js';
import { renderEmail } from './email.js';
import { renderConversation } from './transcript.js';

export const exhibitsSection: DossierSection = {
  id: 'exhibits',
  async render(ctx) {
    const { model, texts, w } = ctx;
    if (model.exhibits.length === 0) await w.section(texts.t('exhibits.title'));
    for (const [index, exhibit] of model.exhibits.entries()) {
      const id = formatExhibitId(exhibit.number);
      const title = texts.t('exhibits.heading', {
        id,
        description: describeExhibit(ctx, exhibit),
      });
      // An exhibit with nothing to display is a short block after what comes before it on the
      // page (several to a page), so that thousands of files do not make thousands of pages.
      const isCompact = isShownCompact(ctx, exhibit);
      if (index === 0) {
        // The section title goes on the first exhibit's page, so that page's header names it.
        w.currentExhibit = id;
        w.freshPage();
        await w.section(texts.t('exhibits.title'));
      } else if (!isCompact) {
        w.currentExhibit = id;
        w.freshPage();
      }
      w.currentExhibit = id;
      if (isCompact) {
        if (index > 0) w.y += 5;
        await renderCompactExhibit(ctx, exhibit, title, () => {
          // The block may have moved to a new page: the outline and the bordereau point there.
          w.outlineChild(title);
          w.markPage(id);
        });
        continue;
      }
      w.outlineChild(title);
      await w.heading(title, 'h2');
      // The heading may have moved to a new page: mark the page it landed on, for the bordereau.
      w.markPage(id);
      await renderExhibit(ctx, exhibit);
    }
    w.currentExhibit = undefined;
  },
};

/** An exhibit whose PDF pages the dossier reproduces (when `readDocumentPdf` gives its copy). */
export function isReproducedPdf(exhibit: Exhibit): boolean {
  return (
    !exhibit.withdrawn && !exhibit.isSensitive && exhibit.kind !== 'image' && !exhibit.conversation
  );
}

/**
 * Nothing to display: not an image, a conversation or an e-mail, not a PDF the dossier reproduces.
 * A withdrawn or sensitive exhibit keeps its full block and its warning box.
 */
function isShownCompact(ctx: RenderContext, exhibit: Exhibit): boolean {
  if (exhibit.withdrawn || exhibit.isSensitive) return false;
  if (exhibit.kind === 'image' || exhibit.conversation) return false;
  return !ctx.readers.readDocumentPdf?.(exhibit);
}

async function renderExhibit(ctx: RenderContext, exhibit: Exhibit): Promise<void> {
  const { texts, w } = ctx;
  if (exhibit.withdrawn) {
    // The copy is gone: say so, and keep the hashes the custody log recorded.
    await w.box(
      texts.t('exhibits.withdrawnTitle'),
      [
        texts.t('exhibits.withdrawnText', {
          at: ctx.time(exhibit.withdrawn.at),
          reason: exhibit.withdrawn.reason,
        }),
      ],
      { border: COLORS.muted, fill: COLORS.band },
    );
    await renderMetadata(ctx, exhibit);
    return;
  }
  if (exhibit.isSensitive) {
    // Never open, decode or draw the file: describe it and print its hash.
    // A described-only item has no file here, so its banner must not claim a fingerprint.
    const isDescribedOnly = exhibit.isDescriptionOnly || exhibit.files.length === 0;
    const banner = isDescribedOnly ? 'exhibits.sensitiveTextDescribed' : 'exhibits.sensitiveText';
    await w.box(texts.t('exhibits.sensitiveTitle'), [texts.t(banner)], {
      border: COLORS.danger,
      fill: COLORS.dangerBand,
    });
    if (isDescribedOnly) await w.paragraph(texts.t('exhibits.descriptionOnly'), STYLES.label);
    await renderMetadata(ctx, exhibit);
    return;
  }
  if (exhibit.kind === 'image') {
    await renderImage(ctx, exhibit);
    await renderMetadata(ctx, exhibit);
    return;
  }
  await renderMetadata(ctx, exhibit);
  if (exhibit.kind === 'email' && exhibit.conversation) {
    await renderEmail(ctx, exhibit);
  } else if (exhibit.conversation) {
    await renderConversation(ctx, exhibit);
  } else if (!(await renderPdfPages(ctx, exhibit))) {
    await w.paragraph(texts.t('exhibits.documentNote'), STYLES.small);
  }
}

/**
 * A PDF exhibit (a receipt, a bank statement): one dossier page kept per page, with its header and
 * page number; pdf-lib draws the exhibit's page into it once pdfkit is done (embed-pages.ts).
 */
async function renderPdfPages(ctx: RenderContext, exhibit: Exhibit): Promise<boolean> {
  const { texts, w } = ctx;
  const path = ctx.readers.readDocumentPdf?.(exhibit);
  if (!path) return false;
  const count = await countPdfPages(path);
  if (typeof count !== 'number') {
    await w.paragraph(texts.t('exhibits.pdfUnreadable', { reason: count.error }), STYLES.small);
    return true;
  }
  await w.paragraph(texts.t('exhibits.pdfPages', { n: count }), STYLES.small);
  for (let page = 0; page < count; page += 1) {
    // The first page goes under the exhibit's metadata, scaled down, when a good part of the page is
    // left (no page holding only the file table); the others get a page each.
    const body = w.bottom - w.top;
    if (page > 0 || w.bottom - w.y < body * 0.45) w.freshPage();
    else w.y += 6;
    await w.paragraph(
      texts.t('exhibits.pdfPage', {
        id: formatExhibitId(exhibit.number),
        n: page + 1,
        total: count,
      }),
      STYLES.label,
      { gapAfter: 4 },
    );
    w.pageEmbeddings.push({
      dossierPage: w.pageIndex,
      sourcePath: path,
      sourcePage: page,
      box: { x: w.left, y: w.y, width: w.width, height: w.bottom - w.y },
    });
    w.y = w.bottom;
  }
  return true;
}

async function renderImage(ctx: RenderContext, exhibit: Exhibit): Promise<void> {
  const { texts, w, doc } = { ...ctx, doc: ctx.w.doc };
  const path = await ctx.readers.readImage(exhibit);
  const rendition = path
    ? await prepareRendition(path)
    : ({ kind: 'placeholder', reason: 'undecodable', detail: '' } as const);
  if (rendition.kind === 'placeholder') {
    const why = !path
      ? texts.t('exhibits.notStored')
      : rendition.reason === 'heic'
        ? texts.t('exhibits.heicUnsupported')
        : texts.t('exhibits.undecodable', {
            reason: exhibit.image?.undecodableReason ?? rendition.detail,
          });
    await w.box(texts.t('exhibits.placeholderTitle'), [why], {
      border: COLORS.muted,
      fill: COLORS.band,
    });
    return;
  }
  await w.paragraph(texts.t('exhibits.originalInZip'), STYLES.small, { gapAfter: 6 });
  // Fit to the page width and to the room left above the metadata (about 320 points), so the
  // image and its metadata share a page; never under 30% of a page. A tiny image keeps its size.
  const read = exhibit.isSensitive ? null : await ctx.readers.readImageText?.(exhibit);
  const shownText = read?.text.trim().replace(/\n{2,}/g, '\n') ?? '';
  const ocrText = shownText.length > 800 ? `${shownText.slice(0, 799)}…` : shownText;
  const natural = { width: rendition.width * 0.75, height: rendition.height * 0.75 };
  // A portrait picture (a phone screenshot) with read text: the text goes beside it. Otherwise the
  // box of read text goes between the image and the metadata, and room is kept for it.
  const isBeside = ocrText !== '' && natural.height > natural.width;
  const ocrRoom =
    ocrText && !isBeside
      ? w.text.layout(ocrText, STYLES.body, w.width - 16).length * w.text.lineHeight(STYLES.body) +
        40
      : 0;
  const page = w.bottom - w.top;
  const maxHeight = Math.max(page * 0.3, Math.min(page * 0.6, w.bottom - w.y - 320 - ocrRoom));
  const maxWidth = isBeside ? w.width * 0.5 - 6 : w.width;
  const scale = Math.min(1, maxWidth / natural.width, maxHeight / natural.height);
  const width = Math.max(1, natural.width * scale);
  const height = Math.max(1, natural.height * scale);
  w.ensure(height + 8);
  const x = isBeside ? w.left : w.left + (w.width - width) / 2;
  doc.image(rendition.data, x, w.y, { width, height });
  doc.rect(x, w.y, width, height).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  if (read) {
    // The OCR boxes are in the oriented original's pixels; the picture is drawn at this scale.
    const ratio = width / rendition.sourceWidth;
    for (const line of read.lines) {
      for (const word of line.words?.length ? line.words : [line]) {
        w.text.drawInvisible(word.text.trim(), {
          x: x + word.box.x * ratio,
          y: w.y + word.box.y * ratio,
          width: word.box.width * ratio,
          height: word.box.height * ratio,
        });
      }
    }
  }
  if (isBeside) {
    const boxHeight = await drawTextBeside(ctx, ocrText, x + width + 12, w.y, height);
    w.y += Math.max(height, boxHeight) + 10;
    return;
  }
  w.y += height + 10;
  if (ocrText) {
    await w.box(texts.t('exhibits.ocrTitle'), [ocrText], {
      border: COLORS.muted,
      fill: COLORS.band,
    });
  }
}

/** The box of read text beside a picture, from `left` to the margin, cut to the picture's height. */
async function drawTextBeside(
  ctx: RenderContext,
  text: string,
  left: number,
  top: number,
  maxHeight: number,
): Promise<number> {
  const { w, texts } = ctx;
  const inner = w.right - left - 12;
  const titleStyle = { ...STYLES.h3, size: 9, color: COLORS.muted };
  const titleLines = w.text.layout(texts.t('exhibits.ocrTitle'), titleStyle, inner);
  let bodyLines = w.text.layout(text, STYLES.small, inner);
  const lhTitle = w.text.lineHeight(titleStyle);
  const lhBody = w.text.lineHeight(STYLES.small);
  const room = Math.max(maxHeight, 120) - titleLines.length * lhTitle - 16;
  const fits = Math.max(1, Math.floor(room / lhBody));
  if (bodyLines.length > fits)
    bodyLines = [...bodyLines.slice(0, fits - 1), ...w.text.layout('…', STYLES.small, inner)];
  await w.text.prepare([...titleLines, ...bodyLines]);
  const height = titleLines.length * lhTitle + bodyLines.length * lhBody + 16;
  w.doc
    .rect(left, top, w.right - left, height)
    .lineWidth(1)
    .fillAndStroke(COLORS.band, COLORS.muted);
  let y = top + 8;
  for (const line of titleLines) {
    w.text.draw(line, left + 6, y, titleStyle);
    y += lhTitle;
  }
  for (const line of bodyLines) {
    w.text.draw(line, left + 6, y, STYLES.small);
    y += lhBody;
  }
  return height;
}

async function renderMetadata(ctx: RenderContext, exhibit: Exhibit): Promise<void> {
  const { texts, w } = ctx;
  const { t } = texts;
  const rows: [string, string][] = [
    [t('exhibits.description'), ctx.orMissing(exhibit.description)],
  ];
  if (exhibit.where) rows.push([t('exhibits.where'), exhibit.where]);
  if (exhibit.app) rows.push([t('exhibits.app'), exhibit.app]);
  if (exhibit.device) rows.push([t('exhibits.device'), exhibit.device]);
  const image = exhibit.image;
  if (image?.width && image.height && !exhibit.isSensitive) {
    rows.push([
      t('exhibits.dimensions'),
      `${t('exhibits.dimensionsValue', { width: image.width, height: image.height })}${image.format ? ` (${image.format})` : ''}`,
    ]);
  }
  if (exhibit.times.length > 0) {
    rows.push([
      t('exhibits.times'),
      exhibit.times
        .map(
          (time) =>
            `${ctx.time(time)} — ${t('time.sourceLabel', { source: formatSource(time, texts) })}${time.note ? ` (${time.note})` : ''}`,
        )
        .join('\n'),
    ]);
  }
  rows.push([t('exhibits.addedBy'), exhibit.addedBy]);
  rows.push([t('exhibits.addedAt'), ctx.time(exhibit.addedAt)]);
  if (exhibit.notes.length > 0) rows.push([t('exhibits.notes'), exhibit.notes.join('\n')]);
  await w.heading(t('exhibits.metadata'), 'h3');
  await w.keyValues(rows, 0.24);
  if (exhibit.files.length === 0) return;
  await w.heading(t('exhibits.files'), 'h3');
  await w.table(
    [
      { title: t('exhibits.originalName'), share: 0.3 },
      { title: t('exhibits.type'), share: 0.17 },
      { title: t('exhibits.size'), share: 0.13 },
      { title: t('exhibits.sha256'), share: 0.4, style: { ...STYLES.mono, size: 6.8 } },
    ],
    exhibit.files.map((file) => {
      const isExcluded = exhibit.isSensitive || file.isExcluded;
      return [
        isExcluded
          ? {
              text: `${file.name}\n${exhibit.isSensitive ? t('exhibits.nonCopied') : t('exhibits.excluded')}`,
              style: { ...STYLES.value, color: COLORS.danger },
            }
          : file.name,
        file.mime,
        formatBytes(file.size, texts),
        file.sha256,
      ];
    }),
  );
}
