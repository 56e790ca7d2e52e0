import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { EvidenceError } from '../../model/errors.js';
import { parseTemplateYaml } from '../../model/template-yaml.js';
import { EmojiImages } from '../pdf/emoji.js';
import { dejavuFontPath, registerFonts } from '../pdf/fonts.js';
import { requirePdfKit } from '../pdf/load-pdfkit.js';
import { TextEngine, type TextStyle } from '../pdf/rich-text.js';
import { DEFAULT_TEMPLATES_DIR, type DossierTexts } from '../pdf/templates.js';
import { COLORS, DossierWriter, STYLES } from '../pdf/writer.js';
import type { LetterModel, LetterTemplates } from './letter-model.js';

const BODY: TextStyle = { ...STYLES.body, size: 10.5 };
const QUOTE: TextStyle = { ...BODY, font: 'italic' };
const HEADING: TextStyle = { ...STYLES.h3, size: 11, color: COLORS.text };

/** Reads templates/<lang>/letter.yaml. */
export async function loadLetterTemplates(
  language: 'fr' | 'en',
  templatesDir: string = DEFAULT_TEMPLATES_DIR,
): Promise<LetterTemplates> {
  const file = `${templatesDir.replace(/\/$/, '')}/${language}/letter.yaml`;
  return parseTemplateYaml(file, await readFile(file, 'utf8')) as LetterTemplates;
}

/**
 * Writes the complaint letter (A4, fonts embedded, the same running header and footer as the
 * dossier: reference, "confidential", page n / N). Written to a temporary file, then renamed.
 */
export async function renderLetterPdf(
  model: LetterModel,
  texts: DossierTexts,
  outFile: string,
): Promise<{ pages: number }> {
  const createdAt = new Date(model.createdAt);
  const PDFDocument = requirePdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    pdfVersion: '1.7',
    font: dejavuFontPath('regular'),
    margins: { top: 62, bottom: 58, left: 50, right: 50 },
    lang: model.language === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: { Title: model.title, Creator: 'preuve', CreationDate: createdAt, ModDate: createdAt },
  } as PDFKit.PDFDocumentOptions);
  const temporary = `${outFile}.partial-${process.pid}`;
  const out = createWriteStream(temporary, { mode: 0o600 });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  try {
    const engine = new TextEngine(doc, registerFonts(doc), new EmojiImages());
    const w = new DossierWriter(doc, engine, texts, model.reference);
    for (const block of model.blocks) {
      switch (block.kind) {
        case 'lines': {
          const indent = block.align === 'right' ? w.width * 0.5 : 0;
          for (const line of block.lines) await w.paragraph(line, BODY, { indent, gapAfter: 0 });
          w.y += 12;
          break;
        }
        case 'heading':
          w.ensure(60);
          w.y += 6;
          await w.paragraph(block.text, HEADING, { gapAfter: 3 });
          break;
        case 'paragraph':
          await w.paragraph(block.text, block.isQuote ? QUOTE : BODY, {
            gapAfter: 6,
            ...(block.isQuote ? { indent: 14 } : {}),
          });
          break;
        case 'bullets':
          await w.bullets(block.items, BODY);
          w.y += 4;
          break;
        case 'table':
          await w.table(
            block.columns.map((column, index) => ({
              ...column,
              ...(index === 0 ? { style: STYLES.label } : {}),
            })),
            block.rows,
          );
          break;
        case 'space':
          w.ensure(block.height);
          w.y += block.height;
          break;
        case 'new-page':
          w.newPage();
          break;
      }
    }
    const pages = w.finish();
    doc.end();
    await finished;
    await rename(temporary, outFile);
    return { pages };
  } catch (error) {
    finished.catch(() => {});
    doc.unpipe(out);
    out.destroy();
    await rm(temporary, { force: true });
    throw new EvidenceError(
      {
        code: 'error.dossier.letter.renderLetter.dossierComplaintLetter',
        params: {
          reference: model.reference,
          outFile,
          instanceof: error instanceof Error ? error.message : String(error),
        },
      },
      { cause: error },
    );
  }
}
