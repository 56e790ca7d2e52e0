import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PDFDocument } from 'pdf-lib';

/**
 * pdf-lib, required by each function when it runs: only a case with a PDF exhibit needs it, and
 * every build loads this module. Its one-file build (dist/pdf-lib.js: the same version's code with
 * its helpers, pako and the standard font metrics in one file) loads in about 0.09 s of CPU; its
 * main entry, 200 CommonJS files, in 0.19 s (and twice that through import). Not the minified
 * file: its class names, which some of pdf-lib's error messages quote, are shortened.
 */
function requirePdfLib(): typeof import('pdf-lib') {
  return createRequire(import.meta.url)('pdf-lib/dist/pdf-lib.js') as typeof import('pdf-lib');
}

/** A page of a PDF exhibit to draw, as it is, into a page the dossier kept for it. */
export interface PageEmbedding {
  /** 0-based index of the dossier page kept for it. */
  readonly dossierPage: number;
  readonly sourcePath: string;
  /** 0-based page of the exhibit. */
  readonly sourcePage: number;
  /** Box in the dossier page, pdfkit coordinates (origin top left). */
  readonly box: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

/** Page count of a PDF exhibit, or an error message when pdf-lib cannot read it (encrypted, broken). */
export async function countPdfPages(path: string): Promise<number | { readonly error: string }> {
  const { PDFDocument } = requirePdfLib();
  try {
    const source = await PDFDocument.load(await readFile(path), { updateMetadata: false });
    return source.getPageCount();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The fonts of a PDF exhibit whose program is not embedded (a receipt in standard Helvetica): its
 * pages reproduced in the dossier keep them, so the dossier cannot honestly claim PDF/A. An
 * unreadable file has none (it is not reproduced).
 */
export async function findNonEmbeddedFonts(path: string): Promise<string[]> {
  const { PDFDict, PDFDocument, PDFName } = requirePdfLib();
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(await readFile(path), { updateMetadata: false });
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const [, object] of source.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font'))
      continue;
    const subtype = object.get(PDFName.of('Subtype'));
    // A Type0 font's glyphs are in its descendant (checked on its own); a Type3 font draws its glyphs.
    if (subtype === PDFName.of('Type0') || subtype === PDFName.of('Type3')) continue;
    const descriptor = object.lookup(PDFName.of('FontDescriptor'));
    const isEmbedded =
      descriptor instanceof PDFDict &&
      ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.has(PDFName.of(key)));
    if (!isEmbedded)
      names.add(String(object.get(PDFName.of('BaseFont')) ?? '?').replace(/^\//, ''));
  }
  return [...names].sort();
}

/**
 * pdfkit cannot import pages, so the dossier keeps a page (header, footer, page number) for each
 * page of a PDF exhibit and pdf-lib draws the exhibit's page into it afterwards, scaled to fit.
 * updateMetadata: false and no object streams keep the output byte-for-byte reproducible and the
 * information dictionary readable as plain text (verify reads it without a PDF library).
 */
export async function embedPdfPages(
  dossierPath: string,
  embeddings: readonly PageEmbedding[],
): Promise<void> {
  if (embeddings.length === 0) return;
  const { PDFDocument } = requirePdfLib();
  const dossier = await PDFDocument.load(await readFile(dossierPath), { updateMetadata: false });
  const sources = new Map<string, PDFDocument>();
  for (const item of embeddings) {
    let source = sources.get(item.sourcePath);
    if (!source) {
      source = await PDFDocument.load(await readFile(item.sourcePath), { updateMetadata: false });
      sources.set(item.sourcePath, source);
    }
    const [embedded] = await dossier.embedPdf(source, [item.sourcePage]);
    if (!embedded) continue;
    const page = dossier.getPage(item.dossierPage);
    const scale = Math.min(item.box.width / embedded.width, item.box.height / embedded.height, 1);
    const width = embedded.width * scale;
    const height = embedded.height * scale;
    const x = item.box.x + (item.box.width - width) / 2;
    const top = item.box.y;
    page.drawPage(embedded, { x, y: page.getHeight() - top - height, width, height });
    page.drawRectangle({
      x,
      y: page.getHeight() - top - height,
      width,
      height,
      borderWidth: 0.5,
      borderOpacity: 1,
      opacity: 0,
    });
  }
  await writeFile(dossierPath, await dossier.save({ useObjectStreams: false }));
}
