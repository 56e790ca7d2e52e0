import type { Exhibit } from '../../../model/exhibit.js';
import { formatExhibitId } from '../../../model/exhibit.js';
import type { DossierSection, RenderContext } from '../context.js';
import { countPdfPages } from '../embed-pages.js';
import { formatBytes, formatSource } from '../format.js';
import { prepareRendition } from '../images.js';
import { COLORS, STYLES } from '../writer.js';
import { describeExhibit } from './describe.js';
import { renderEmail } from './email.js';
import { renderConversation } from './transcript.js';

export const exhibitsSection: DossierSection = {
  id: 'exhibits',
  async render(ctx) {
    const { model, texts, w } = ctx;
    if (model.exhibits.length === 0) await w.section(texts.t('exhibits.title'));
    let isPreviousCompact = false;
    for (const [index, exhibit] of model.exhibits.entries()) {
      const id = formatExhibitId(exhibit.number);
      // An exhibit with nothing to display (no picture, no transcript) is a short block: several
      // follow one another on a page, so that thousands of files do not make thousands of pages.
      const isCompact = !hasRendering(exhibit);
      if (index > 0 && isCompact && isPreviousCompact) {
        w.currentExhibit = id;
        w.y += 14;
      } else if (index === 0) {
        // The section title goes on the first exhibit's page, so that page's header names it.
        w.currentExhibit = id;
        w.freshPage();
        await w.section(texts.t('exhibits.title'));
        w.currentExhibit = id;
      } else {
        w.currentExhibit = id;
        w.freshPage();
      }
      const title = texts.t('exhibits.heading', {
        id,
        description: describeExhibit(ctx, exhibit),
      });
      w.outlineChild(title);
      await w.heading(title, 'h2');
      // The heading may have moved to a new page: mark the page it landed on, for the bordereau.
      w.markPage(id);
      await renderExhibit(ctx, exhibit);
      isPreviousCompact = isCompact;
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

/** A picture or a transcript to show: the exhibit gets its own pages. */
function hasRendering(exhibit: Exhibit): boolean {
  if (exhibit.withdrawn || exhibit.isSensitive) return false;
  return exhibit.kind === 'image' || (exhibit.kind === 'conversation' && !!exhibit.conversation);
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
  const page = w.bottom - w.top;
  const maxHeight = Math.max(page * 0.3, Math.min(page * 0.6, w.bottom - w.y - 320));
  const natural = { width: rendition.width * 0.75, height: rendition.height * 0.75 };
  const scale = Math.min(1, w.width / natural.width, maxHeight / natural.height);
  const width = Math.max(1, natural.width * scale);
  const height = Math.max(1, natural.height * scale);
  w.ensure(height + 8);
  const x = w.left + (w.width - width) / 2;
  doc.image(rendition.data, x, w.y, { width, height });
  doc.rect(x, w.y, width, height).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  const read = exhibit.isSensitive ? null : await ctx.readers.readImageText?.(exhibit);
  if (read) {
    // The OCR boxes are in the oriented original's pixels; the picture is drawn at this scale.
    const scale = width / rendition.sourceWidth;
    for (const line of read.lines) {
      for (const word of line.words?.length ? line.words : [line]) {
        w.text.drawInvisible(word.text.trim(), {
          x: x + word.box.x * scale,
          y: w.y + word.box.y * scale,
          width: word.box.width * scale,
          height: word.box.height * scale,
        });
      }
    }
  }
  w.y += height + 10;
  if (read?.text.trim()) {
    const text = read.text.trim().replace(/\n{2,}/g, '\n');
    await w.box(
      texts.t('exhibits.ocrTitle'),
      [text.length > 800 ? `${text.slice(0, 799)}…` : text],
      {
        border: COLORS.muted,
        fill: COLORS.band,
      },
    );
  }
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
