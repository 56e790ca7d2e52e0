import type { Exhibit } from '../../../model/exhibit.js';
import type { RenderContext } from '../context.js';
import { formatBytes, formatSource } from '../format.js';
import type { TextLine, TextStyle } from '../rich-text.js';
import { COLORS, STYLES } from '../writer.js';

const LABEL: TextStyle = { ...STYLES.label, size: 7.5 };
const VALUE: TextStyle = { ...STYLES.value, size: 7.5 };
const HASH: TextStyle = { ...STYLES.mono, size: 7 };
const HEADING: TextStyle = { ...STYLES.h3, color: COLORS.heading };
/** Share of the width kept for the labels. */
const LABEL_SHARE = 0.15;

/**
 * An exhibit with nothing to display (a binary file, a document the dossier does not reproduce):
 * a short block (heading, files with type, size and SHA-256, known times, who added it when) that
 * follows the previous one on the same page, so that thousands of files do not make thousands of
 * pages. The block is never split across pages. Every fact of the full block is kept.
 */
export async function renderCompactExhibit(
  ctx: RenderContext,
  exhibit: Exhibit,
  title: string,
  onHeadingPage: () => void,
): Promise<void> {
  const { texts, w } = ctx;
  const { t } = texts;
  const valueX = w.left + w.width * LABEL_SHARE;
  const valueWidth = w.right - valueX;
  const rows: { label: string; lines: TextLine[]; style: TextStyle }[] = [];
  const add = (label: string, value: string, style: TextStyle = VALUE) =>
    rows.push({ label, lines: w.text.layout(value, style, valueWidth), style });
  // The family's description, when typed, is the heading (describeExhibit): not repeated.
  if (exhibit.where) add(t('exhibits.where'), exhibit.where);
  if (exhibit.app) add(t('exhibits.app'), exhibit.app);
  if (exhibit.device) add(t('exhibits.device'), exhibit.device);
  for (const file of exhibit.files) {
    const facts = { name: file.name, type: file.mime, size: formatBytes(file.size, texts) };
    add(
      t('exhibits.compactFile'),
      // An excluded file (a container kept out of the ZIP) is hashed only: never said to be in it.
      file.isExcluded
        ? `${facts.name} — ${facts.type} — ${facts.size} — ${t('exhibits.excluded')}`
        : file.storedPath
          ? t('exhibits.compactFileValue', facts)
          : `${facts.name} — ${facts.type} — ${facts.size}`,
    );
    add(t('exhibits.sha256'), file.sha256, HASH);
  }
  for (const [index, time] of exhibit.times.entries()) {
    add(
      index === 0 ? t('exhibits.times') : '',
      `${ctx.time(time)} — ${t('time.sourceLabel', { source: formatSource(time, texts) })}${time.note ? ` (${time.note})` : ''}`,
    );
  }
  add(
    t('exhibits.addedAt'),
    t('exhibits.compactAdded', { at: ctx.time(exhibit.addedAt), by: exhibit.addedBy }),
  );
  if (exhibit.notes.length > 0) add(t('exhibits.notes'), exhibit.notes.join('\n'));

  const headingLines = w.text.layout(title, HEADING, w.width);
  const labelLines = rows.map((row) => w.text.layout(row.label, LABEL, valueX - w.left - 4));
  await w.text.prepare(headingLines);
  for (const row of rows) await w.text.prepare(row.lines);
  for (const lines of labelLines) await w.text.prepare(lines);
  const headingHeight = headingLines.length * w.text.lineHeight(HEADING) + 2;
  const rowHeights = rows.map((row, i) =>
    Math.max(
      row.lines.length * w.text.lineHeight(row.style),
      labelLines[i]!.length * w.text.lineHeight(LABEL),
    ),
  );
  const height = headingHeight + rowHeights.reduce((sum, h) => sum + h, 0) + 4;
  // Kept whole on one page (a block taller than a page, with many files, breaks between rows).
  if (height <= w.bottom - w.top) w.ensure(height);
  else w.ensure(headingHeight + (rowHeights[0] ?? 0));
  onHeadingPage();
  for (const line of headingLines) {
    w.text.draw(line, w.left, w.y, HEADING);
    w.y += w.text.lineHeight(HEADING);
  }
  w.y += 2;
  for (const [i, row] of rows.entries()) {
    w.ensure(rowHeights[i]!);
    const top = w.y;
    let y = top;
    for (const line of labelLines[i]!) {
      w.text.draw(line, w.left, y, LABEL);
      y += w.text.lineHeight(LABEL);
    }
    y = top;
    for (const line of row.lines) {
      w.text.draw(line, valueX, y, row.style);
      y += w.text.lineHeight(row.style);
    }
    w.y = top + rowHeights[i]!;
  }
  w.doc
    .moveTo(w.left, w.y + 2)
    .lineTo(w.right, w.y + 2)
    .lineWidth(0.4)
    .strokeColor(COLORS.rule)
    .stroke();
  w.y += 4;
}
