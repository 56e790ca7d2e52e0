import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { EmojiImages } from '../../../src/dossier/pdf/emoji.js';
import { dejavuFontPath, registerFonts } from '../../../src/dossier/pdf/fonts.js';
import { graphemes } from '../../../src/dossier/pdf/graphemes.js';
import { TextEngine, type TextLine } from '../../../src/dossier/pdf/rich-text.js';

function engine() {
  const doc = new PDFDocument({ font: dejavuFontPath('regular'), size: 'A4' });
  return new TextEngine(doc, registerFonts(doc), new EmojiImages());
}

const BODY = { font: 'regular', size: 9 } as const;
const lineText = (line: TextLine) =>
  line.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');

describe('graphemes in windows', () => {
  it('gives the same graphemes as Intl.Segmenter across window ends', () => {
    const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
    const text = 'é👨‍👩‍👧🇫🇷a\u0301'.repeat(300);
    expect([...graphemes(segmenter, text)]).toEqual(
      [...segmenter.segment(text)].map((part) => part.segment),
    );
  });
});

describe('line breaking', () => {
  it('lays out a 300 KB word in linear time (it was quadratic: 160 KB took minutes), cut at the line width', () => {
    // No timed assertion (the machines are shared): a quadratic layout of 300 KB takes minutes
    // and fails on the test's time-out instead.
    const lines = engine().layout('a'.repeat(300_000), BODY, 400);
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(400.5);
    expect(lines.reduce((sum, line) => sum + lineText(line).length, 0)).toBe(300_000);
  });

  it('cuts a long path after a slash, and a hash at the width', () => {
    const path =
      '/home/exemple/Documents/Conversations/export_whatsapp_2026/pieces-jointes/IMG-20261101-WA0001.jpg';
    const lines = engine().layout(path, BODY, 150);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(lineText(line)).toMatch(/[/_.-]$/);
    expect(lines.map(lineText).join('')).toBe(path);
    const hash = 'ab'.repeat(32);
    const hashLines = engine().layout(hash, { font: 'mono', size: 9 }, 100);
    expect(hashLines.map(lineText).join('')).toBe(hash);
    for (const line of hashLines) expect(line.width).toBeLessThanOrEqual(100.5);
  });
});
