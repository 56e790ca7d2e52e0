/**
 * Right-to-left text (Arabic, Hebrew) in display order. Lines are broken in logical order (the
 * order the words were typed); each line is then reordered by the Unicode Bidirectional
 * Algorithm (bidi-js) into runs drawn left to right. A right-to-left run keeps its logical text:
 * fontkit shapes it (Arabic joining forms, lam-alef) and lays its glyphs out right to left.
 * pdftotext reads each right-to-left word back in typed order (poppler reverses right-to-left
 * glyph runs); an /ActualText span was tried and made poppler reverse the letters twice.
 */
import { createRequire } from 'node:module';
import type bidiFactory from 'bidi-js';
import type { FontRole } from './fonts.js';
import type { Piece, TextLine } from './text-line.js';

type Bidi = ReturnType<typeof bidiFactory.default>;
let loaded: Bidi | undefined;

/**
 * bidi-js, required the first time a line holds right-to-left text: most dossiers have none, and
 * loading it cost every build about 0.01 s of CPU. It is CommonJS whose types declare an ES
 * default export: at run time the module is the factory.
 */
function loadBidi(): Bidi {
  loaded ??= (createRequire(import.meta.url)('bidi-js') as () => Bidi)();
  return loaded;
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms. */
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

/** A text piece drawn right to left: its text is logical, the shaper reverses it. */
export type DisplayPiece = Piece | (Extract<Piece, { kind: 'text' }> & { readonly isRtl: true });

export function hasRightToLeft(line: TextLine): boolean {
  return line.pieces.some((p) => p.kind === 'text' && RTL_SCRIPT.test(p.text));
}

/**
 * The pieces of a line in visual order, left to right. `measure` gives the width of a text in a
 * font (shaping changes widths, so each run is measured again).
 */
export function toDisplayOrder(
  line: TextLine,
  measure: (text: string, font: FontRole) => number,
): DisplayPiece[] {
  let text = '';
  const owner: number[] = [];
  line.pieces.forEach((piece, index) => {
    // Emoji and markers are neutral objects in the bidi algorithm.
    const part = piece.kind === 'text' ? piece.text : '\uFFFC';
    text += part;
    for (let k = 0; k < part.length; k++) owner.push(index);
  });
  const bidi = loadBidi();
  const embedding = bidi.getEmbeddingLevels(text);
  const { levels } = embedding;
  const runs: { piece: number; level: number; start: number; end: number }[] = [];
  for (const index of bidi.getReorderedIndices(text, embedding)) {
    const level = levels[index]!;
    const last = runs[runs.length - 1];
    const isNext =
      last !== undefined &&
      last.piece === owner[index] &&
      last.level === level &&
      (level % 2 === 1 ? index === last.start - 1 : index === last.end + 1);
    if (isNext && level % 2 === 1) last.start = index;
    else if (isNext) last.end = index;
    else runs.push({ piece: owner[index]!, level, start: index, end: index });
  }
  return runs.map(({ piece: index, level, start, end }): DisplayPiece => {
    const piece = line.pieces[index]!;
    if (piece.kind !== 'text') return piece;
    const logical = text.slice(start, end + 1);
    if (level % 2 === 0) return { ...piece, text: logical, width: measure(logical, piece.font) };
    if (RTL_SCRIPT.test(logical))
      return { ...piece, text: logical, width: measure(logical, piece.font), isRtl: true };
    // Only neutrals (spaces, punctuation) inside right-to-left text: reversed and mirrored here.
    const shown = [...logical]
      .reverse()
      .map((c) => bidi.getMirroredCharacter(c) ?? c)
      .join('');
    return { ...piece, text: shown, width: measure(shown, piece.font) };
  });
}
