import { type DisplayPiece, hasRightToLeft, toDisplayOrder } from './bidi.js';
import type { EmojiImages } from './emoji.js';
import { FastFont, isSimpleScript, type PdfKitEmbeddedFont } from './fast-font.js';
import type { CodePointCoverage } from './font-coverage.js';
import type { FontRole, FontSet } from './fonts.js';
import { graphemes } from './graphemes.js';
import type { Piece, TextLine } from './text-line.js';

export type { Piece, TextLine } from './text-line.js';

export interface TextStyle {
  readonly font: FontRole;
  readonly size: number;
  readonly color?: string;
}

/** Invisible characters that no font needs to draw (bidi marks, zero-width joiners, soft hyphen). */
const IGNORABLE =
  /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uFE0E|\uFE0F/gu;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
/** Shown as colour emoji even when DejaVu has a glyph (DejaVu's few emoji are monochrome). */
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\uFE0F/u;
const MARKER_COLOR = '#b00020';
/** Characters after which a long token (a path, a file name, a URL) is best cut. */
const BREAK_AFTER = new Set(['/', '_', '-', '.', '\\']);

/**
 * Lays out and draws text with a fallback chain: the asked font, then DejaVu Sans, then a colour
 * emoji image (Twemoji), then a visible marker `[U+XXXX]`. Emoji and markers carry the original
 * characters as /ActualText, so copying or pdftotext gives back the real text.
 */
export class TextEngine {
  private readonly fontObjects: Record<FontRole, PdfKitEmbeddedFont>;
  private readonly fastFonts: Record<FontRole, FastFont>;
  private readonly segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
  private readonly emojiImages = new Map<string, unknown>();
  private readonly reversedGlyphs = new Map<string, Set<number>>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly fonts: FontSet,
    private readonly emoji: EmojiImages,
  ) {
    const objects = {} as Record<FontRole, PdfKitEmbeddedFont>;
    const fast = {} as Record<FontRole, FastFont>;
    for (const role of ['regular', 'bold', 'italic', 'mono'] as const) {
      doc.font(fonts.key[role]);
      objects[role] = (doc as unknown as { _font: PdfKitEmbeddedFont })._font;
      fast[role] = new FastFont(objects[role]);
    }
    doc.font(fonts.key.regular);
    this.fontObjects = objects;
    this.fastFonts = fast;
  }

  /** The regular font, for text written outside the page flow (the page-total form). */
  regularFont(): PdfKitEmbeddedFont {
    return this.fontObjects.regular;
  }

  /** A simple-script text in the regular font as a PDF hex string (glyphs registered for embedding). */
  encodeSimple(text: string): string {
    return this.fastFonts.regular.hex(text);
  }

  /**
   * Draws text invisibly (rendering mode 3) stretched over a box, as scanned-document PDFs do: a
   * viewer or pdftotext finds the words where the picture shows them. Only text the regular font
   * covers with simple shaping; anything else is left out (the visible OCR box still carries it).
   */
  drawInvisible(text: string, box: { x: number; y: number; width: number; height: number }): void {
    if (!text || !isSimpleScript(text) || !isCoveredFast(text, this.fonts.coverage.regular)) return;
    const font = this.fontObjects.regular;
    const size = Math.max(1, box.height);
    const natural = this.fastFonts.regular.width(text, size);
    if (natural <= 0 || box.width <= 0) return;
    const doc = this.doc as unknown as {
      page: { fonts: Record<string, unknown> };
      addContent(s: string): void;
    };
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    const baseline = box.y + (font.ascender / 1000) * size * 0.85;
    const stretch = (box.width / natural) * 100;
    // q/Q: the horizontal scaling (Tz) and rendering mode (Tr) are graphics state and must not leak.
    doc.addContent(
      `q BT 3 Tr ${round(stretch)} Tz 1 0 0 -1 ${round(box.x)} ${round(baseline)} Tm /${font.id} ${round(size)} Tf ${this.fastFonts.regular.hex(text)} Tj ET Q`,
    );
  }

  /** Distance from the top of a line to its baseline. */
  ascent(style: TextStyle): number {
    return (this.fontObjects[style.font].ascender / 1000) * style.size;
  }

  lineHeight(style: TextStyle): number {
    return style.size * 1.3;
  }

  width(text: string, style: TextStyle): number {
    let width = 0;
    for (const piece of this.segment(text, style)) width += piece.width;
    return width;
  }

  /**
   * Lines no wider than `maxWidth` (the first one no wider than `firstLineWidth`, to leave room for
   * a sender's name); `\n` starts a new line, long words are cut.
   */
  layout(text: string, style: TextStyle, maxWidth: number, firstLineWidth = maxWidth): TextLine[] {
    const lines: TextLine[] = [];
    const limit = () => (lines.length === 0 ? firstLineWidth : maxWidth);
    const clean = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
    for (const paragraph of clean.split('\n')) {
      let pieces: Piece[] = [];
      let lineWidth = 0;
      const flush = () => {
        lines.push({ pieces, width: lineWidth });
        pieces = [];
        lineWidth = 0;
      };
      for (const token of paragraph.match(/\S+\s*|\s+/g) ?? []) {
        const tokenPieces = this.segment(token, style);
        const trailing = token.length - token.trimEnd().length;
        const spaceWidth =
          trailing > 0 ? this.fontWidth(' ', style.font, style.size) * trailing : 0;
        let tokenWidth = 0;
        for (const p of tokenPieces) tokenWidth += p.width;
        const inkWidth = tokenWidth - spaceWidth;
        if (pieces.length > 0 && lineWidth + inkWidth > limit()) flush();
        if (pieces.length === 0 && token.trim() === '') continue;
        const isFirstLineTooShort =
          lines.length === 0 &&
          pieces.length === 0 &&
          inkWidth > firstLineWidth &&
          (inkWidth <= maxWidth || firstLineWidth < maxWidth / 4);
        // Start under the sender's name rather than cutting the first word.
        if (isFirstLineTooShort) flush();
        if (inkWidth > limit()) {
          for (const chunk of this.cut(tokenPieces, style, limit() - lineWidth, maxWidth)) {
            if (pieces.length > 0 && lineWidth + chunk.width > limit()) flush();
            appendPieces(pieces, chunk.pieces);
            lineWidth += chunk.width;
          }
          continue;
        }
        appendPieces(pieces, tokenPieces);
        lineWidth += tokenWidth;
      }
      flush();
    }
    return lines;
  }

  /** Loads the emoji images a set of lines needs (before {@link draw}). */
  async prepare(lines: readonly TextLine[]): Promise<void> {
    for (const line of lines) {
      for (const piece of line.pieces) {
        if (piece.kind === 'emoji' && !this.emojiImages.has(piece.file)) {
          const png = await this.emoji.png(piece.file);
          // pdfkit embeds an image once per openImage() object; a Buffer passed to image() is embedded again.
          const open = (this.doc as unknown as { openImage(src: Buffer): unknown }).openImage;
          this.emojiImages.set(piece.file, open.call(this.doc, png));
        }
      }
    }
  }

  /** Draws one line with its top at `y`. */
  draw(line: TextLine, x: number, y: number, style: TextStyle): void {
    const doc = this.doc;
    let cursor = x;
    const color = style.color ?? '#000000';
    const pieces: readonly DisplayPiece[] = hasRightToLeft(line)
      ? toDisplayOrder(line, (text, font) => this.fontWidth(text, font, style.size))
      : line.pieces;
    for (const piece of pieces) {
      if (piece.kind === 'text' && 'isRtl' in piece) {
        this.drawRightToLeft(piece.text, piece.font, cursor, y, style.size, color);
      } else if (piece.kind === 'text' && isSimpleScript(piece.text)) {
        this.drawFast(piece.text, piece.font, cursor, y, style.size, color);
      } else if (piece.kind === 'text') {
        doc.font(this.fonts.key[piece.font]).fontSize(style.size).fillColor(color);
        // textWidth/wordCount (not in @types/pdfkit) spare pdfkit measuring the text again.
        doc.text(piece.text, cursor, y, {
          lineBreak: false,
          textWidth: piece.width,
          wordCount: 1,
        } as PDFKit.Mixins.TextOptions);
      } else if (piece.kind === 'emoji') {
        const image = this.emojiImages.get(piece.file);
        const side = style.size * 1.05;
        if (image) {
          doc.image(image as PDFKit.Mixins.ImageSrc, cursor, y - style.size * 0.02, {
            width: side,
            height: side,
          });
        }
        this.drawActualText('o', piece.actual, cursor, y, style.size, true);
      } else {
        doc.fillColor(MARKER_COLOR);
        this.drawActualText(piece.label, piece.actual, cursor, y, style.size, false);
      }
      cursor += piece.width;
    }
  }

  /** Splits text into pieces by font coverage. */
  segment(text: string, style: TextStyle): Piece[] {
    const role = style.font;
    const covered = this.fonts.coverage[role];
    if (isCoveredFast(text, covered)) {
      return [{ kind: 'text', font: role, text, width: this.fontWidth(text, role, style.size) }];
    }
    const pieces: Piece[] = [];
    for (const grapheme of graphemes(this.segmenter, text)) {
      pieces.push(...this.segmentGrapheme(grapheme, style));
    }
    return mergeText(pieces, (t, font) => this.fontWidth(t, font, style.size));
  }

  private segmentGrapheme(grapheme: string, style: TextStyle): Piece[] {
    const visible = grapheme.replace(IGNORABLE, '');
    const wantsEmoji = grapheme.includes('\uFE0F') || PICTOGRAPHIC.test(grapheme);
    const isColourEmoji = EMOJI_PRESENTATION.test(grapheme);
    const roles: FontRole[] = style.font === 'regular' ? ['regular'] : [style.font, 'regular'];
    if (visible === '') return [];
    for (const role of roles) {
      if (!isColourEmoji && allCovered(visible, this.fonts.coverage[role])) {
        return [{ kind: 'text', font: role, text: visible, width: 0 }];
      }
    }
    if (wantsEmoji) {
      const file = this.emoji.fileFor(grapheme);
      if (file) return [{ kind: 'emoji', actual: grapheme, file, width: style.size * 1.1 }];
      for (const role of roles) {
        if (allCovered(visible, this.fonts.coverage[role])) {
          return [{ kind: 'text', font: role, text: visible, width: 0 }];
        }
      }
    }
    const label = `[${[...visible].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}]`;
    return [
      {
        kind: 'marker',
        actual: grapheme,
        label,
        width: this.fontWidth(label, 'regular', style.size),
      },
    ];
  }

  private fontWidth(text: string, role: FontRole, size: number): number {
    return isSimpleScript(text)
      ? this.fastFonts[role].width(text, size)
      : this.fontObjects[role].widthOfString(text, size);
  }

  /** The text object pdfkit would write, minus shaping; the page's y axis points down. */
  private drawFast(
    text: string,
    role: FontRole,
    x: number,
    y: number,
    size: number,
    color: string,
  ): void {
    const doc = this.doc as unknown as {
      page: { fonts: Record<string, unknown> };
      addContent(s: string): void;
    };
    const font = this.fontObjects[role];
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    const baseline = y + (font.ascender / 1000) * size;
    // The colour is set inside the text object: every other drawing here names its own colour.
    doc.addContent(
      `BT ${rgOperator(color)} 1 0 0 -1 ${round(x)} ${round(baseline)} Tm /${font.id} ${size} Tf ${this.fastFonts[role].hex(text)} Tj ET`,
    );
  }

  /**
   * Cuts an over-long token into chunks that fit, in one pass. A chunk ends after the last `/`,
   * `_`, `-` or `.` in its second half when there is one (a path or a file name stays readable),
   * else at the width, between any two graphemes (a hash).
   */
  private cut(pieces: readonly Piece[], style: TextStyle, firstWidth: number, maxWidth: number) {
    const chunks: { pieces: Piece[]; width: number }[] = [];
    let current: Piece[] = [];
    let width = 0;
    /** Index in `current` just after the last break character, 0 if none. */
    let breakAfter = 0;
    let limit = firstWidth > maxWidth / 4 ? firstWidth : maxWidth;
    const emit = (count: number) => {
      const line: Piece[] = [];
      let lineWidth = 0;
      for (const piece of current.slice(0, count)) {
        appendPieces(line, [piece]);
        lineWidth += piece.width;
      }
      chunks.push({ pieces: line, width: lineWidth });
      current = current.slice(count);
      width -= lineWidth;
      breakAfter = 0;
      for (const [index, rest] of current.entries()) {
        if (rest.kind === 'text' && BREAK_AFTER.has(rest.text)) breakAfter = index + 1;
      }
      limit = maxWidth;
    };
    const push = (piece: Piece) => {
      if (current.length > 0 && width + piece.width > limit) {
        emit(breakAfter > current.length / 2 ? breakAfter : current.length);
      }
      current.push(piece);
      width += piece.width;
      if (piece.kind === 'text' && BREAK_AFTER.has(piece.text)) breakAfter = current.length;
    };
    for (const piece of pieces) {
      if (piece.kind !== 'text') {
        push(piece);
        continue;
      }
      for (const g of graphemes(this.segmenter, piece.text)) {
        push({
          kind: 'text',
          font: piece.font,
          text: g,
          width: this.fontWidth(g, piece.font, style.size),
        });
      }
    }
    if (current.length > 0) emit(current.length);
    return chunks;
  }

  /**
   * Draws `shown` (or an invisible glyph) inside a marked-content span whose /ActualText is the
   * original text. Written as raw operators so the span and the glyphs share one graphics state:
   * poppler places the actual text at the glyphs' position only then.
   */
  /**
   * A right-to-left run, shaped as a whole (pdfkit shapes word by word unless features are given,
   * which would put the words left to right). No /ActualText: poppler already reads a
   * right-to-left glyph run back in typed order, and a span made it reverse the letters again.
   */
  private drawRightToLeft(
    text: string,
    role: FontRole,
    x: number,
    y: number,
    size: number,
    color: string,
  ): void {
    const doc = this.doc as unknown as {
      page: { height: number; fonts: Record<string, unknown> };
      addContent(s: string): void;
    };
    const font = this.fontObjects[role];
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    const [encoded] = font.encode(text, []);
    this.reverseLigatureText(font, encoded);
    const baseline = doc.page.height - y - (font.ascender / 1000) * size;
    const hex = encoded.map((e) => `<${e}>`).join(' ');
    doc.addContent(
      `q 1 0 0 -1 0 ${doc.page.height} cm BT ${rgOperator(color)} 1 0 0 1 ${x.toFixed(3)} ${baseline.toFixed(3)} Tm /${font.id} ${size} Tf [${hex}] TJ ET Q`,
    );
  }

  /**
   * poppler reads a right-to-left run back by reversing its characters, including the two letters
   * of a ligature glyph (Arabic lam-alef "لا" would read "ال"): such glyphs map to their letters
   * in reverse, once per font.
   */
  private reverseLigatureText(font: PdfKitEmbeddedFont, encoded: readonly string[]): void {
    let done = this.reversedGlyphs.get(font.id);
    if (!done) {
      done = new Set();
      this.reversedGlyphs.set(font.id, done);
    }
    for (const hex of encoded) {
      const id = Number.parseInt(hex, 16);
      const codePoints = font.unicode[id];
      if (done.has(id) || !codePoints || codePoints.length < 2) continue;
      font.unicode[id] = [...codePoints].reverse();
      done.add(id);
    }
  }

  private drawActualText(
    shown: string,
    actual: string,
    x: number,
    y: number,
    size: number,
    isInvisible: boolean,
  ): void {
    const doc = this.doc as unknown as {
      page: { height: number; fonts: Record<string, unknown> };
      addContent(s: string): void;
      _fillColor?: unknown;
    };
    const font = this.fontObjects.regular;
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    const [encoded] = font.encode(shown);
    const baseline = doc.page.height - y - (font.ascender / 1000) * size;
    const hex = encoded.map((e) => `<${e}>`).join(' ');
    doc.addContent(
      `q 1 0 0 -1 0 ${doc.page.height} cm /Span <</ActualText ${utf16Hex(actual)}>> BDC BT ${isInvisible ? '3 Tr ' : ''}1 0 0 1 ${x.toFixed(3)} ${baseline.toFixed(3)} Tm /${font.id} ${size} Tf [${hex}] TJ ET EMC Q`,
    );
  }
}

const rgCache = new Map<string, string>();

/** `#rrggbb` as a PDF fill colour operator. */
export function rgFill(color: string): string {
  return rgOperator(color);
}

function rgOperator(color: string): string {
  let op = rgCache.get(color);
  if (!op) {
    const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1] ?? '000000';
    const channels = [0, 2, 4].map((i) => round(Number.parseInt(hex.slice(i, i + 2), 16) / 255));
    op = `${channels.join(' ')} rg`;
    rgCache.set(color, op);
  }
  return op;
}

function round(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

function isCoveredFast(text: string, covered: CodePointCoverage): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code >= 0xd800 && code <= 0xdfff) return false;
    if (!covered.has(code)) return false;
  }
  return true;
}

function allCovered(text: string, covered: CodePointCoverage): boolean {
  for (const char of text) {
    if (!covered.has(char.codePointAt(0)!)) return false;
  }
  return true;
}

function mergeText(pieces: Piece[], measure: (text: string, font: FontRole) => number): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text' && last.font === piece.font) {
      merged[merged.length - 1] = { ...last, text: last.text + piece.text };
    } else {
      merged.push(piece);
    }
  }
  return merged.map((p) => (p.kind === 'text' ? { ...p, width: measure(p.text, p.font) } : p));
}

function appendPieces(target: Piece[], pieces: readonly Piece[]): void {
  for (const piece of pieces) {
    const last = target[target.length - 1];
    if (piece.kind === 'text' && last?.kind === 'text' && last.font === piece.font) {
      target[target.length - 1] = {
        kind: 'text',
        font: piece.font,
        text: last.text + piece.text,
        width: last.width + piece.width,
      };
    } else {
      target.push(piece);
    }
  }
}

/** A PDF text string as UTF-16BE hex with a byte-order mark, e.g. `<FEFF00E9>`. */
function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) {
    hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  }
  return `<${hex}>`;
}
