import type { CaseFile } from '../../model/case-schema.js';
import { loadDossierTexts } from '../pdf/templates.js';
import { composeLetter } from './compose-letter.js';
import { loadLetterTemplates, renderLetterPdf } from './render-letter.js';

/** The recipient is the procureur: the complaint letter is written with the dossier. */
export function isLetterDue(caseFile: CaseFile): boolean {
  return caseFile.facts.recipient?.kind === 'procureur';
}

/** `<dossier>.pdf` → `<dossier>-lettre.pdf`, beside it. */
export function letterPathFor(pdfPath: string): string {
  return pdfPath.replace(/\.pdf$/i, '-lettre.pdf');
}

/** Composes the complaint letter from the facts and writes it as a PDF (atomic). */
export async function writeComplaintLetter(
  caseFile: CaseFile,
  fingerprint: string,
  asOf: string,
  outFile: string,
): Promise<{ path: string; pages: number }> {
  const texts = await loadDossierTexts(caseFile.language);
  const letter = await loadLetterTemplates(caseFile.language);
  const model = composeLetter({ caseFile, fingerprint, asOf, letter, texts });
  const { pages } = await renderLetterPdf(model, texts, outFile);
  return { path: outFile, pages };
}
