import { describe, expect, it } from 'vitest';
import { hasRightToLeft, toDisplayOrder } from '../../../src/dossier/pdf/bidi.js';
import type { TextLine } from '../../../src/dossier/pdf/rich-text.js';

const line = (text: string): TextLine => ({
  pieces: [{ kind: 'text', font: 'regular', text, width: 0 }],
  width: 0,
});
const measure = (text: string): number => text.length;
const shown = (text: string) =>
  toDisplayOrder(line(text), measure).map((p) =>
    p.kind === 'text' ? `${'isRtl' in p ? 'R' : 'L'}[${p.text}]` : p.kind,
  );

describe('right-to-left lines in display order', () => {
  it('leaves left-to-right text alone', () => {
    expect(hasRightToLeft(line('Tu as jusqu’à demain'))).toBe(false);
  });

  it('puts an Arabic sentence right to left, the number in place, each run in typed order', () => {
    // Typed: "pay 200 euros"; drawn left to right: "euros", "200", "pay".
    expect(shown('ادفع 200 يورو')).toEqual(['R[ يورو]', 'L[200]', 'R[ادفع ]']);
  });

  it('keeps a Latin name inside Hebrew in its own order', () => {
    expect(shown('שלום Léa, תשלם')).toEqual(['R[, תשלם]', 'L[Léa]', 'R[שלום ]']);
  });

  it('treats emoji pieces as neutral objects kept on the line', () => {
    const pieces = toDisplayOrder(
      {
        pieces: [
          { kind: 'text', font: 'regular', text: 'لا ', width: 0 },
          { kind: 'emoji', actual: '😠', file: 'x.svg', width: 9 },
        ],
        width: 0,
      },
      measure,
    );
    expect(pieces.map((p) => p.kind)).toEqual(['emoji', 'text']);
  });
});
