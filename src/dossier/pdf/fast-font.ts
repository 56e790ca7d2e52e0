/**
 * Measures and encodes text of simple scripts without fontkit's shaping: one glyph per code point,
 * no kerning, no ligatures. pdfkit shapes every new word through fontkit and caches every word it
 * has seen, which costs most of the time and memory of a 50,000-message transcript.
 * Scripts that need shaping (Hebrew, Arabic, Indic, combining marks…) keep pdfkit's path.
 */

/** The part of pdfkit's EmbeddedFont this relies on (private fields, stable since pdfkit 0.10). */
export interface PdfKitEmbeddedFont {
  readonly id: string;
  readonly ascender: number;
  readonly scale: number;
  readonly font: { glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number } };
  readonly subset: { includeGlyph(glyphId: number): number };
  readonly widths: number[];
  readonly unicode: number[][];
  widthOfString(text: string, size: number): number;
  encode(text: string, features?: readonly string[]): [string[], unknown[]];
  ref(): unknown;
}

interface FastGlyph {
  /** Subset glyph id as 4 hex digits. */
  readonly hex: string;
  /** Advance in thousandths of the font size. */
  readonly advance: number;
}

/** True when every code point can be drawn glyph by glyph, left to right. */
export function isSimpleScript(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x0300) continue;
    if (code < 0x0370) return false; // combining diacritical marks: need positioning
    if (code < 0x0483) continue; // Greek, Cyrillic
    if (code < 0x048a) return false; // Cyrillic combining marks
    if (code < 0x0590) continue; // Cyrillic, Armenian
    if (code < 0x1e00) return false; // Hebrew, Arabic, Indic… and the rest
    if (code < 0x20d0) continue; // Latin extended additional, Greek extended, punctuation, currency
    if (code < 0x2100) return false; // combining marks for symbols
    if (code < 0x2c00) continue; // letterlike, arrows, maths, box drawing, shapes, dingbats
    return false;
  }
  return true;
}

export class FastFont {
  private readonly glyphs = new Map<number, FastGlyph>();

  constructor(readonly pdfFont: PdfKitEmbeddedFont) {}

  /** Width in points of a simple-script text. */
  width(text: string, size: number): number {
    let advance = 0;
    for (let i = 0; i < text.length; i++) advance += this.glyph(text.charCodeAt(i)).advance;
    return (advance * size) / 1000;
  }

  /** The text as a PDF hex string of subset glyph ids, registering the glyphs for embedding. */
  hex(text: string): string {
    let hex = '<';
    for (let i = 0; i < text.length; i++) hex += this.glyph(text.charCodeAt(i)).hex;
    return `${hex}>`;
  }

  private glyph(codePoint: number): FastGlyph {
    const cached = this.glyphs.get(codePoint);
    if (cached) return cached;
    const font = this.pdfFont;
    const glyph = font.font.glyphForCodePoint(codePoint);
    const subsetId = font.subset.includeGlyph(glyph.id);
    const advance = glyph.advanceWidth * font.scale;
    font.widths[subsetId] ??= advance;
    font.unicode[subsetId] ??= [codePoint];
    const entry = { hex: subsetId.toString(16).padStart(4, '0'), advance };
    this.glyphs.set(codePoint, entry);
    return entry;
  }
}
