import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type CoverageFont, readCoverage } from '../../../src/dossier/pdf/font-coverage.js';
import { dejavuFontPath, type FontRole } from '../../../src/dossier/pdf/fonts.js';

// fontkit as pdfkit loads it (it is pdfkit's dependency, not the project's).
const requireFromPdfKit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
const fontkit = requireFromPdfKit('fontkit') as { openSync(path: string): CoverageFont };

/**
 * Issue 12: which font draws a character is decided by its coverage, read from the cmap's ranges
 * instead of fontkit's list of every code point. It must be the very same set, or the PDF changes.
 */
describe('readCoverage', () => {
  it.each<FontRole>(['regular', 'bold', 'italic', 'mono'])(
    'covers exactly the code points of fontkit characterSet (DejaVu %s)',
    (role) => {
      const font = fontkit.openSync(dejavuFontPath(role));
      const coverage = readCoverage(font);
      expect(coverage).not.toBeInstanceOf(Set); // read from the ranges, not fontkit's list
      const expected = new Set(font.characterSet);
      const differing: number[] = [];
      for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
        if (coverage.has(codePoint) !== expected.has(codePoint)) differing.push(codePoint);
      }
      expect(differing).toEqual([]);
    },
  );
});
