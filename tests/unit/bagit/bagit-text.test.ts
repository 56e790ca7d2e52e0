import { describe, expect, it } from 'vitest';
import {
  decodeManifestPath,
  encodeManifestPath,
  findUnsafePath,
  formatBagSize,
  parseManifest,
  parseTagLabels,
} from '../../../src/bagit/bagit-text.js';
import { isStoredInZip, RATIO_FLOOR_BYTES } from '../../../src/bagit/compression.js';
import { renderMessage } from '../../../src/model/messages.js';

const SHA256 = 'a'.repeat(64);

describe('BagIt text formats', () => {
  it('percent-encodes only %, CR and LF, and decodes them back (any case)', () => {
    const path = 'data/50%\r\nfin.txt';
    expect(encodeManifestPath(path)).toBe('data/50%25%0D%0Afin.txt');
    expect(decodeManifestPath('data/50%25%0d%0afin.txt')).toBe(path);
    expect(decodeManifestPath('data/%41.txt')).toBe('data/%41.txt');
  });

  it('parses manifest lines with spaces or tabs, and names every malformed line', () => {
    const text = `${SHA256}  data/a b.txt\n${SHA256}\tdata/c.txt\r\nnot-hex data/d.txt\n${SHA256}\n`;
    const { entries, problems } = parseManifest(text, 'sha256', { decodePaths: true });
    expect(entries.map((entry) => entry.path)).toEqual(['data/a b.txt', 'data/c.txt']);
    expect(problems.map((problem) => problem.line)).toEqual([3, 4]);
    expect(problems[0]?.message).toContain('is not a sha256 digest');
    // Said in French too (regression: "line 3 is blank"… reached a French terminal in English).
    expect(problems.map((problem) => renderMessage('fr', problem.detail))).toEqual([
      'ligne 3 : "not-hex" n\'est pas une empreinte sha256 (64 chiffres hexadécimaux)',
      "la ligne 4 n'a pas d'espace entre l'empreinte et le chemin",
    ]);
  });

  it('folds continuation lines of bag-info.txt and reports a line without a colon', () => {
    const { labels, problems } = parseTagLabels('A: un\n  deux\nB:trois\nsans deux-points\n');
    expect(labels.map(({ label, value }) => [label, value])).toEqual([
      ['A', 'un deux'],
      ['B', 'trois'],
    ]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'line 4 is not "Label: value": "sans deux-points"',
    ]);
  });

  it('finds unsafe paths', () => {
    expect(findUnsafePath('data/pieces/P01.jpg')).toBeUndefined();
    for (const path of [
      '../x',
      'data/../../x',
      '/etc/passwd',
      'C:/x',
      'data\\x',
      'data//x',
      './data/x',
    ]) {
      expect(findUnsafePath(path), path).toBeDefined();
    }
  });

  it('writes Bag-Size in decimal units and stores already-compressed formats', () => {
    expect(formatBagSize(999)).toBe('999 bytes');
    expect(formatBagSize(1_234_567_890)).toBe('1.2 GB');
    expect(isStoredInZip('data/P01-capture.JPG')).toBe(true);
    expect(isStoredInZip('data/P02-whatsapp/_chat.txt')).toBe(false);
    expect(isStoredInZip('data/v.1/README')).toBe(false);
  });

  it('stores entries above the ZIP reader ratio floor, so a repetitive big file is no bomb', () => {
    expect(isStoredInZip('data/pieces/P2-export.txt', RATIO_FLOOR_BYTES)).toBe(false);
    expect(isStoredInZip('data/pieces/P2-export.txt', RATIO_FLOOR_BYTES + 1)).toBe(true);
  });
});
