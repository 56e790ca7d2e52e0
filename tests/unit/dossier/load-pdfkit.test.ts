import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { requirePdfKit } from '../../../src/dossier/pdf/load-pdfkit.js';

type Inflate = ((source: Uint8Array, dest: Uint8Array) => Uint8Array) & { isZlib?: boolean };

/** tiny-inflate as unicode-trie (fontkit's, linebreak's) requires it, and its own code. */
function loadInflates(): { used: Inflate; original: Inflate } {
  const fromPdfKit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
  const fromTrie = createRequire(
    createRequire(fromPdfKit.resolve('fontkit')).resolve('unicode-trie'),
  );
  const path = fromTrie.resolve('tiny-inflate');
  const used = fromTrie('tiny-inflate') as Inflate;
  const cached = fromTrie.cache[path];
  delete fromTrie.cache[path];
  try {
    return { used, original: fromTrie('tiny-inflate') as Inflate };
  } finally {
    fromTrie.cache[path] = cached;
  }
}

/** Issue 12: the Unicode tables fontkit and linebreak build at load are inflated by zlib. */
describe('requirePdfKit', () => {
  it("gives unicode-trie tiny-inflate's function, with zlib doing the work: the same answers", () => {
    requirePdfKit();
    const { used, original } = loadInflates();
    expect(used.isZlib).toBe(true);
    expect(original.isZlib).toBeUndefined();
    const text = Buffer.from('Bonjour, ceci est un texte répété. '.repeat(200));
    const packed = deflateRawSync(text);
    for (const room of [text.length, text.length + 10]) {
      const expected = original(packed, new Uint8Array(room));
      const actual = used(packed, new Uint8Array(room));
      expect(Buffer.from(actual)).toEqual(Buffer.from(expected));
      expect(actual.length).toBe(expected.length);
    }
    // Too little room, or data that is not DEFLATE: tiny-inflate's own answer, error included.
    const short = () => used(packed, new Uint8Array(10));
    expect(Buffer.from(short())).toEqual(Buffer.from(original(packed, new Uint8Array(10))));
    const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff]);
    expect(() => used(garbage, new Uint8Array(8))).toThrow(
      (() => {
        try {
          original(garbage, new Uint8Array(8));
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })(),
    );
  });
});

describe('requirePdfKit and AES', () => {
  it("gives pdfkit @noble/ciphers' AES loaded on first use: the same functions", () => {
    requirePdfKit();
    const fromPdfKit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    const path = fromPdfKit.resolve('@noble/ciphers/aes');
    type Cbc = (key: Uint8Array, iv: Uint8Array) => { encrypt(data: Uint8Array): Uint8Array };
    const deferred = fromPdfKit('@noble/ciphers/aes') as Record<string, unknown>;
    const placeholder = fromPdfKit.cache[path];
    delete fromPdfKit.cache[path];
    try {
      const real = fromPdfKit('@noble/ciphers/aes') as Record<string, unknown>;
      expect(Object.keys(deferred)).toEqual(Object.keys(real));
      const key = new Uint8Array(32).fill(7);
      const iv = new Uint8Array(16).fill(1);
      const data = new TextEncoder().encode('Une ligne du dossier, chiffrée.');
      expect((deferred.cbc as Cbc)(key, iv).encrypt(data)).toEqual(
        (real.cbc as Cbc)(key, iv).encrypt(data),
      );
    } finally {
      fromPdfKit.cache[path] = placeholder;
    }
  });
});
