import type { PageEmbedding } from './embed-pages.js';
import { rgFill, type TextEngine, type TextLine, type TextStyle } from './rich-text.js';
import type { DossierTexts } from './templates.js';

export const COLORS = {
  text: '#111111',
  muted: '#5f6368',
  rule: '#b0b7c3',
  heading: '#0b3d91',
  band: '#eef2f8',
  highlight: '#fff4c2',
  highlightBar: '#d99a00',
  danger: '#8b0000',
  dangerBand: '#fbeaea',
} as const;

export const STYLES: Readonly<
  Record<'body' | 'small' | 'label' | 'value' | 'mono' | 'h1' | 'h2' | 'h3', TextStyle>
> = {
  body: { font: 'regular', size: 9.5, color: COLORS.text },
  small: { font: 'regular', size: 8, color: COLORS.muted },
  label: { font: 'bold', size: 8.5, color: COLORS.text },
  value: { font: 'regular', size: 8.5, color: COLORS.text },
  mono: { font: 'mono', size: 7.5, color: COLORS.text },
  h1: { font: 'bold', size: 16, color: COLORS.heading },
  h2: { font: 'bold', size: 12, color: COLORS.heading },
  h3: { font: 'bold', size: 10, color: COLORS.text },
};

export interface Column {
  readonly title: string;
  /** Share of the table width (all columns add up to 1). */
  readonly share: number;
  readonly style?: TextStyle;
}

/**
 * A table cell. `pageOf` names a mark (an exhibit number): the cell prints the page where that mark
 * was set, known only once later pages are written (see `markPage`).
 */
export type Cell =
  | string
  | { readonly text: string; readonly style: TextStyle; readonly pageOf?: string };

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
}

const PAD = 3;

interface FormXObject {
  data: Record<string, unknown>;
  /** pdfkit's own flag: whether the stream is deflated when it ends. */
  compress: boolean;
  end(content: string): void;
}

/**
 * Page flow over pdfkit: headings, paragraphs, tables, boxes with page breaks, the outline, and
 * which exhibit each page belongs to (for the running header drawn at the end).
 */
export class DossierWriter {
  readonly left = 50;
  readonly top = 62;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  /** `P3` while an exhibit's pages are written; printed as "pièce n° P3" in the running header. */
  currentExhibit: string | undefined;
  readonly pageExhibits: (string | undefined)[] = [];
  /** Pages of PDF exhibits to draw into the pages kept for them, once pdfkit is done. */
  readonly pageEmbeddings: PageEmbedding[] = [];

  /** 0-based index of the current page. */
  get pageIndex(): number {
    return this.pageExhibits.length - 1;
  }
  private sectionOutline: OutlineItem | undefined;

  private readonly totalPages: FormXObject;
  /** Page numbers printed before the page is known: one form XObject per mark, written at the end. */
  private readonly pageNumbers = new Map<
    string,
    { form: FormXObject; name: string; page?: number; size: number }
  >();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly text: TextEngine,
    readonly texts: DossierTexts,
    private readonly reference: string,
  ) {
    this.right = doc.page.width - 50;
    this.bottom = doc.page.height - 58;
    this.width = this.right - this.left;
    this.totalPages = this.createForm();
    this.pageExhibits.push(undefined);
    this.drawRunningHeader();
    doc.on('pageAdded', () => {
      this.pageExhibits.push(this.currentExhibit);
      this.drawRunningHeader();
    });
  }

  private createForm(): FormXObject {
    const form = (this.doc as unknown as { ref(data: object): FormXObject }).ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, 1, 1],
    });
    // A page number is a few dozen bytes: deflating it makes it no smaller, and one zlib stream
    // per form (one per exhibit) cost seconds and memory on a case of thousands of exhibits.
    form.compress = false;
    return form;
  }

  /** Records that `key` (an exhibit number) starts on the current page. */
  markPage(key: string): void {
    this.pageNumberEntry(key).page = this.pageExhibits.length;
  }

  private pageNumberEntry(key: string) {
    let entry = this.pageNumbers.get(key);
    if (!entry) {
      entry = { form: this.createForm(), name: `PageOf${this.pageNumbers.size}`, size: 0 };
      this.pageNumbers.set(key, entry);
    }
    return entry;
  }

  /** Draws, with its top at (x, y), the number of the page `key` is marked on (filled in by `finish`). */
  drawPageNumberOf(key: string, x: number, y: number, style: TextStyle): void {
    const entry = this.pageNumberEntry(key);
    entry.size = style.size;
    this.drawForm(entry.form, entry.name, x, y, style);
  }

  private drawForm(form: FormXObject, name: string, x: number, y: number, style: TextStyle): void {
    const page = this.doc.page as unknown as { xobjects: Record<string, unknown> };
    page.xobjects[name] = form;
    const baseline = y + this.text.ascent(style);
    (this.doc as unknown as { addContent(s: string): void }).addContent(
      `q 1 0 0 -1 ${x.toFixed(2)} ${baseline.toFixed(2)} cm /${name} Do Q`,
    );
  }

  /** Writes a form XObject holding `digits` in the regular font. */
  private endNumberForm(form: FormXObject, digits: string, style: TextStyle): void {
    const font = this.text.regularFont();
    const content = digits
      ? `BT ${rgFill(style.color ?? COLORS.muted)} /${font.id} ${style.size} Tf 0 0 Td ${this.text.encodeSimple(digits)} Tj ET`
      : '';
    form.data.Resources = { Font: { [font.id]: font.ref() } };
    form.data.BBox = [0, -3, this.text.width(digits || '0', style) + 1, style.size + 2];
    form.end(content);
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Starts a new page unless the current one is still empty. */
  freshPage(): void {
    if (this.y > this.top + 1) this.newPage();
  }

  /** Breaks the page when fewer than `height` points are left. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** A top-level section: new page, title, outline entry. */
  /**
   * A section title. With `mayShare`, a short section follows the previous one on the same page
   * when a good third of the page is left (no mostly blank page between short sections), unless
   * that page belongs to an exhibit.
   */
  async section(title: string, mayShare = false): Promise<void> {
    const isExhibitPage = this.pageExhibits[this.pageIndex] !== undefined;
    this.currentExhibit = undefined;
    const room = this.bottom - this.y;
    if (!mayShare || isExhibitPage || room < (this.bottom - this.top) * 0.35) this.freshPage();
    else if (this.y > this.top + 1) this.y += 16;
    this.sectionOutline = (this.doc as unknown as { outline: OutlineItem }).outline.addItem(title);
    await this.heading(title, 'h1');
  }

  /** An outline entry under the current section, pointing at the current page. */
  outlineChild(title: string): void {
    this.sectionOutline?.addItem(title);
  }

  /** A heading, kept with at least the beginning of what follows it. */
  async heading(title: string, level: 'h1' | 'h2' | 'h3'): Promise<void> {
    const style = STYLES[level];
    const lines = this.text.layout(title, style, this.width);
    await this.text.prepare(lines);
    const lh = this.text.lineHeight(style);
    this.ensure(lh * lines.length + 60);
    if (level !== 'h1') this.y += level === 'h2' ? 8 : 4;
    for (const line of lines) {
      this.text.draw(line, this.left, this.y, style);
      this.y += lh;
    }
    if (level === 'h1') {
      this.doc
        .moveTo(this.left, this.y + 1)
        .lineTo(this.right, this.y + 1)
        .lineWidth(1)
        .strokeColor(COLORS.heading)
        .stroke();
      this.y += 8;
    } else {
      this.y += 2;
    }
  }

  /** Wrapped text with page breaks between lines. */
  async paragraph(
    content: string,
    style: TextStyle = STYLES.body,
    options: { indent?: number; gapAfter?: number } = {},
  ): Promise<void> {
    const indent = options.indent ?? 0;
    const lines = this.text.layout(content, style, this.width - indent);
    await this.text.prepare(lines);
    this.drawLines(lines, this.left + indent, style);
    this.y += options.gapAfter ?? 4;
  }

  drawLines(lines: readonly TextLine[], x: number, style: TextStyle): void {
    const lh = this.text.lineHeight(style);
    for (const line of lines) {
      this.ensure(lh);
      this.text.draw(line, x, this.y, style);
      this.y += lh;
    }
  }

  async bullets(items: readonly string[], style: TextStyle = STYLES.body): Promise<void> {
    for (const item of items) {
      const lines = this.text.layout(item, style, this.width - 12);
      await this.text.prepare(lines);
      this.ensure(this.text.lineHeight(style));
      this.text.draw(this.text.layout('•', style, 10)[0]!, this.left + 2, this.y, style);
      this.drawLines(lines, this.left + 12, style);
      this.y += 2;
    }
  }

  /** A two-column table of labels and values. */
  async keyValues(rows: readonly (readonly [string, Cell])[], labelShare = 0.3): Promise<void> {
    await this.table(
      [
        { title: '', share: labelShare, style: STYLES.label },
        { title: '', share: 1 - labelShare, style: STYLES.value },
      ],
      rows.map(([label, value]) => [label, value]),
      { hasHeader: false },
    );
  }

  /** A table with wrapped cells; the header is repeated on each page. */
  async table(
    columns: readonly Column[],
    rows: readonly (readonly Cell[])[],
    options: { hasHeader?: boolean; rowFill?: (index: number) => string | undefined } = {},
  ): Promise<void> {
    const hasHeader = options.hasHeader ?? true;
    const widths = columns.map((c) => c.share * this.width);
    const header = columns.map((c) => ({ text: c.title, style: STYLES.label }) as Cell);
    const drawRow = async (cells: readonly Cell[], fill?: string, isHeader = false) => {
      const laid = cells.map((cell, i) => {
        const style = typeof cell === 'string' ? (columns[i]?.style ?? STYLES.value) : cell.style;
        const content = typeof cell === 'string' ? cell : cell.text;
        return { style, lines: this.text.layout(content, style, widths[i]! - 2 * PAD) };
      });
      for (const cell of laid) await this.text.prepare(cell.lines);
      const height =
        Math.max(...laid.map((c) => c.lines.length * this.text.lineHeight(c.style))) + 2 * PAD;
      if (height > this.bottom - this.top - 40) {
        // Taller than a page: print the cells one under the other, breaking between lines.
        for (const [i, cell] of laid.entries()) {
          if (columns[i]?.title)
            await this.paragraph(columns[i].title, STYLES.label, { gapAfter: 0 });
          this.drawLines(cell.lines, this.left + PAD, cell.style);
        }
        this.y += PAD;
        return;
      }
      if (this.y + height > this.bottom) {
        this.newPage();
        if (hasHeader && !isHeader) await drawRow(header, COLORS.band, true);
      }
      const top = this.y;
      if (fill) this.doc.rect(this.left, top, this.width, height).fill(fill);
      let x = this.left;
      for (const [i, cell] of laid.entries()) {
        let y = top + PAD;
        for (const line of cell.lines) {
          this.text.draw(line, x + PAD, y, cell.style);
          y += this.text.lineHeight(cell.style);
        }
        const pageOf =
          typeof cells[i] === 'object' ? (cells[i] as { pageOf?: string }).pageOf : undefined;
        if (pageOf) this.drawPageNumberOf(pageOf, x + PAD, top + PAD, cell.style);
        x += widths[i]!;
      }
      this.doc
        .moveTo(this.left, top + height)
        .lineTo(this.right, top + height)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
      this.y = top + height;
    };
    if (hasHeader) {
      this.ensure(70);
      await drawRow(header, COLORS.band, true);
    }
    for (const [index, row] of rows.entries()) {
      await drawRow(row, options.rowFill?.(index));
    }
    this.y += 6;
  }

  /** A framed box: a title line and paragraphs, kept on one page when it fits. */
  async box(
    title: string,
    paragraphs: readonly string[],
    colors: { border: string; fill: string } = { border: COLORS.heading, fill: COLORS.band },
  ): Promise<void> {
    const inner = this.width - 16;
    const titleLines = this.text.layout(title, STYLES.h3, inner);
    const bodyLines = paragraphs.map((p) => this.text.layout(p, STYLES.body, inner));
    for (const lines of [titleLines, ...bodyLines]) await this.text.prepare(lines);
    const lhTitle = this.text.lineHeight(STYLES.h3);
    const lhBody = this.text.lineHeight(STYLES.body);
    const height =
      titleLines.length * lhTitle +
      bodyLines.reduce((sum, lines) => sum + lines.length * lhBody + 3, 0) +
      16;
    if (height > this.bottom - this.top) {
      await this.paragraph(title, STYLES.h3);
      for (const p of paragraphs) await this.paragraph(p);
      return;
    }
    this.ensure(height + 4);
    const top = this.y;
    this.doc.rect(this.left, top, this.width, height).fillAndStroke(colors.fill, colors.border);
    this.doc.lineWidth(1);
    let y = top + 8;
    for (const line of titleLines) {
      this.text.draw(line, this.left + 8, y, { ...STYLES.h3, color: colors.border });
      y += lhTitle;
    }
    for (const lines of bodyLines) {
      for (const line of lines) {
        this.text.draw(line, this.left + 8, y, STYLES.body);
        y += lhBody;
      }
      y += 3;
    }
    this.y = top + height + 8;
  }

  /**
   * Fills in the total page count printed in every footer. Pages are written out as they are
   * finished (flat memory), so the total is a form XObject that every footer draws and that is
   * written only now.
   */
  finish(): number {
    const total = this.pageExhibits.length;
    this.endNumberForm(this.totalPages, String(total), STYLES.small);
    for (const entry of this.pageNumbers.values()) {
      this.endNumberForm(entry.form, entry.page === undefined ? '' : String(entry.page), {
        ...STYLES.value,
        size: entry.size || STYLES.value.size,
      });
    }
    return total;
  }

  /** The running header and footer of the page just created. */
  private drawRunningHeader(): void {
    const doc = this.doc;
    const exhibit = this.currentExhibit;
    const headerY = 28;
    this.drawSingleLine(this.reference, this.left, headerY, STYLES.small);
    if (exhibit) {
      this.drawRight(this.texts.t('common.exhibit', { id: exhibit }), headerY, {
        ...STYLES.label,
        size: 9,
      });
    }
    doc
      .moveTo(this.left, headerY + 13)
      .lineTo(this.right, headerY + 13)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    const footerY = doc.page.height - 40;
    doc
      .moveTo(this.left, footerY - 4)
      .lineTo(this.right, footerY - 4)
      .lineWidth(0.5)
      .strokeColor(COLORS.rule)
      .stroke();
    this.drawSingleLine(this.texts.t('common.confidential'), this.left, footerY, {
      ...STYLES.small,
      font: 'bold',
      color: COLORS.danger,
    });
    // "page 3 / " then the total, left-aligned in room kept for four digits.
    const [before] = this.texts
      .t('common.page', { n: this.pageExhibits.length, total: '\u0000' })
      .split('\u0000');
    const room = this.text.width('0000', STYLES.small);
    const line = this.text.layout(before ?? '', STYLES.small, this.width)[0];
    const x = this.right - room - (line?.width ?? 0);
    if (line) this.text.draw(line, x, footerY, STYLES.small);
    this.drawForm(this.totalPages, 'PageTotal', x + (line?.width ?? 0), footerY, STYLES.small);
    doc.y = this.top;
  }

  private drawSingleLine(content: string, x: number, y: number, style: TextStyle): void {
    const line = this.text.layout(content, style, this.width)[0];
    if (line) this.text.draw(line, x, y, style);
  }

  private drawRight(content: string, y: number, style: TextStyle): void {
    const line = this.text.layout(content, style, this.width)[0];
    if (line) this.text.draw(line, this.right - line.width, y, style);
  }
}
