import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { EvidenceError } from '../../model/errors.js';
import { formatExhibitId } from '../../model/exhibit.js';
import type { DossierModel } from '../assemble.js';
import type { DossierReaders, RenderContext } from './context.js';
import { embedPdfPages, findNonEmbeddedFonts } from './embed-pages.js';
import { EmojiImages } from './emoji.js';
import { dejavuFontPath, registerFonts } from './fonts.js';
import { formatDisplayTime } from './format.js';
import { requirePdfKit } from './load-pdfkit.js';
import { TextEngine } from './rich-text.js';
import { isReproducedPdf } from './sections/exhibits.js';
import { DOSSIER_SECTIONS } from './sections/index.js';
import { loadDossierTexts } from './templates.js';
import { DossierWriter } from './writer.js';

export interface RenderDossierOptions extends DossierReaders {
  /** Where to write the PDF; written to a temporary file beside it, then renamed. */
  readonly outFile: string;
  /** Defaults to the package's templates/ folder. */
  readonly templatesDir?: string;
}

/**
 * Writes the dossier PDF (A4, PDF/A-3b unless a reproduced PDF exhibit lacks its fonts, fonts embedded, outline, running header and footer,
 * manifest.json attached). Conversations are streamed through `readMessages`, so memory stays flat
 * whatever their size. Sensitive exhibits are never read: `readImage` is not called for them.
 */
export async function renderDossierPdf(
  model: DossierModel,
  options: RenderDossierOptions,
): Promise<{ pages: number }> {
  const texts = await loadDossierTexts(model.language, options.templatesDir);
  const createdAt = new Date(model.generatedAt.instant ?? 0);
  const archival = await checkArchival(model, options);
  const PDFDocument = requirePdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    pdfVersion: '1.7',
    ...(archival.isPdfA ? { subset: 'PDF/A-3b' } : {}),
    font: dejavuFontPath('regular'),
    margins: { top: 62, bottom: 58, left: 50, right: 50 },
    lang: model.language === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: texts.t('meta.title', { reference: model.reference }),
      Author: [model.operator.name, model.operator.organisation].filter(Boolean).join(', '),
      Subject: texts.t('meta.subject'),
      Keywords: texts.t('meta.keywords', { reference: model.reference }),
      Creator: `preuve ${model.toolVersion}`,
      CreationDate: createdAt,
      ModDate: createdAt,
      // Plain ASCII in the document information dictionary, so verify can read it back without a PDF library.
      PreuveFingerprint: model.fingerprint,
      PreuveReference: model.reference,
    },
  } as PDFKit.PDFDocumentOptions);
  const temporary = `${options.outFile}.partial-${process.pid}`;
  const out = createWriteStream(temporary, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  // The stream may fail (a folder that cannot be written) before `finished` is awaited: mark the
  // rejection handled now, so it never surfaces as an uncaught rejection; `await finished` still throws.
  finished.catch(() => {});
  doc.pipe(out);
  try {
    const fonts = registerFonts(doc);
    const engine = new TextEngine(doc, fonts, new EmojiImages());
    const writer = new DossierWriter(doc, engine, texts, model.reference);
    const ctx: RenderContext = {
      model,
      texts,
      w: writer,
      readers: options,
      archival,
      time: (time) => formatDisplayTime(time, texts, model.timeZone),
      orMissing: (value) =>
        value === undefined || value === null || value === ''
          ? texts.t('common.notProvided')
          : String(value),
    };
    for (const section of DOSSIER_SECTIONS) await section.render(ctx);
    const pages = writer.finish();
    attachManifest(doc, model, createdAt);
    doc.end();
    await finished;
    await embedPdfPages(temporary, writer.pageEmbeddings);
    await rename(temporary, options.outFile);
    return { pages };
  } catch (error) {
    doc.unpipe(out);
    out.destroy();
    await rm(temporary, { force: true });
    if (error instanceof Error && error.name.endsWith('Error') && 'exitCode' in error) throw error;
    throw new EvidenceError(
      {
        code: 'error.dossier.pdf.render.dossierPdfWritten',
        params: {
          reference: model.reference,
          outFile: options.outFile,
          instanceof: error instanceof Error ? error.message : String(error),
        },
      },
      { cause: error },
    );
  }
}

/** PDF/A needs every font embedded: a reproduced exhibit page keeps its author's fonts. */
async function checkArchival(
  model: DossierModel,
  readers: DossierReaders,
): Promise<RenderContext['archival']> {
  const nonEmbeddedFonts: string[] = [];
  for (const exhibit of model.exhibits) {
    if (!isReproducedPdf(exhibit)) continue;
    const path = readers.readDocumentPdf?.(exhibit);
    if (!path) continue;
    const fonts = await findNonEmbeddedFonts(path);
    if (fonts.length > 0)
      nonEmbeddedFonts.push(`${formatExhibitId(exhibit.number)} (${fonts.join(', ')})`);
  }
  return { isPdfA: nonEmbeddedFonts.length === 0, nonEmbeddedFonts };
}

/** The machine-readable manifest attached to the PDF: the dossier model without message bodies. */
export function buildDossierManifest(model: DossierModel): unknown {
  return {
    ...model,
    highlightedMessages: model.highlightedMessages.map(({ text: _text, ...rest }) => rest),
    chronology: model.chronology.map(({ quote: _quote, ...rest }) => rest),
  };
}

function attachManifest(doc: PDFKit.PDFDocument, model: DossierModel, createdAt: Date): void {
  const json = `${JSON.stringify(buildDossierManifest(model), null, 2)}\n`;
  // @types/pdfkit lacks `relationship` (AFRelationship, required by PDF/A-3).
  const fileOptions = {
    name: 'manifest.json',
    type: 'application/json',
    description: `preuve dossier manifest ${model.reference}`,
    relationship: 'Data',
    creationDate: createdAt,
    modifiedDate: createdAt,
  };
  doc.file(Buffer.from(json, 'utf8'), fileOptions as Parameters<PDFKit.PDFDocument['file']>[1]);
}
