import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
  readonly coverage: Readonly<Record<FontRole, ReadonlySet<number>>>;
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
  const coverage = {} as Record<FontRole, ReadonlySet<number>>;
  for (const role of ['regular', 'bold', 'italic', 'mono'] as const) {
    doc.font(key[role]);
    coverage[role] = new Set(currentFontkitFont(doc).characterSet);
  }
  doc.font(key.regular);
  return { key, coverage };
}

/** pdfkit keeps the fontkit font of the current font on a private field; coverage needs it. */
export function currentFontkitFont(doc: PDFKit.PDFDocument): { characterSet: number[] } {
  return (doc as unknown as { _font: { font: { characterSet: number[] } } })._font.font;
}
