import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type CodePointCoverage, readCoverage } from './font-coverage.js';

export type FontRole = 'regular' | 'bold' | 'italic' | 'mono';

const FILES: Readonly<Record<FontRole, string>> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};

/** Path of a DejaVu TTF shipped by the `dejavu-fonts-ttf` npm package (never a system font). */
export function dejavuFontPath(role: FontRole): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', FILES[role]);
}

/** The fonts of one document and which code points each covers. */
export interface FontSet {
  /** The name to pass to `doc.font()` for a role. */
  readonly key: Readonly<Record<FontRole, string>>;
  /** Code points with a glyph, per role. */
  readonly coverage: Readonly<Record<FontRole, CodePointCoverage>>;
}

/**
 * Registers each TTF under one name only. The regular face is the document's default font
 * (created with `font: dejavuFontPath('regular')`), so it is used under its path: registering the
 * same file under a second name makes pdfkit re-parse it on every `doc.font()` call.
 */
export function registerFonts(doc: PDFKit.PDFDocument): FontSet {
  const key = {
    regular: dejavuFontPath('regular'),
    bold: 'bold',
    italic: 'italic',
    mono: 'mono',
  } satisfies Record<FontRole, string>;
  for (const role of ['bold', 'italic', 'mono'] as const) {
    doc.registerFont(role, dejavuFontPath(role));
  }
  const coverage = {} as Record<FontRole, CodePointCoverage>;
  for (const role of ['regular', 'bold', 'italic', 'mono'] as const) {
    doc.font(key[role]);
    const font = currentFontkitFont(doc);
    readPostHeader(font);
    coverage[role] = readCoverage(font);
  }
  doc.font(key.regular);
  return { key, coverage };
}

/** The parts of a fontkit TTF font this file relies on (private fields, stable since fontkit 1). */
interface FontkitFont {
  readonly characterSet: number[];
  readonly stream: { readonly buffer: Uint8Array };
  readonly directory: { readonly tables: Readonly<Record<string, { readonly offset: number }>> };
  readonly _tables: Record<string, unknown>;
}

/** pdfkit keeps the fontkit font of the current font on a private field; coverage needs it. */
export function currentFontkitFont(doc: PDFKit.PDFDocument): FontkitFont {
  return (doc as unknown as { _font: { font: FontkitFont } })._font.font;
}

/**
 * Gives fontkit the header of the font's `post` table, read from its first 16 bytes. pdfkit reads
 * only isFixedPitch and italicAngle from it when it embeds the font, but fontkit decodes the whole
 * table, with DejaVu's 6,000 glyph names: about 30 ms of each build. Same values, same PDF bytes.
 */
function readPostHeader(font: FontkitFont): void {
  const table = font.directory.tables.post;
  if (!table || 'post' in font._tables) return;
  const bytes = font.stream.buffer;
  const view = new DataView(bytes.buffer, bytes.byteOffset + table.offset, 16);
  font._tables.post = {
    version: view.getInt32(0) / 65536,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
  };
}
