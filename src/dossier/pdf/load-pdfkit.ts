import Module, { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import type PDFKitModule from 'pdfkit';

/**
 * pdfkit through its CommonJS build: Node's import of the ES build sends fontkit, restructure and
 * their CommonJS dependencies through the ES module loader, about 0.09 s more CPU at each build.
 * Same code, same PDF bytes.
 */
export function requirePdfKit(): typeof PDFKitModule {
  const require = createRequire(import.meta.url);
  skipBrotli(require);
  inflateWithZlib(require);
  deferAes(require);
  return require('pdfkit') as typeof PDFKitModule;
}

/**
 * pdfkit loads @noble/ciphers' AES (several files and its tables, about 0.03 s) at start, only to
 * encrypt a PDF with a password, which the dossier never asks of it (an encrypted dossier is an
 * AES ZIP, written by zip.js). pdfkit is given a module that loads AES the first time one of its
 * functions is asked for: the same functions, loaded only if ever used.
 */
function deferAes(require: NodeJS.Require): void {
  const aesPath = createRequire(require.resolve('pdfkit')).resolve('@noble/ciphers/aes');
  if (require.cache[aesPath]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (real) return real;
    const placeholder = require.cache[aesPath];
    delete require.cache[aesPath];
    try {
      real = require(aesPath) as Record<string | symbol, unknown>;
    } finally {
      if (placeholder) require.cache[aesPath] = placeholder;
    }
    return real;
  };
  const module = new Module(aesPath);
  module.filename = aesPath;
  module.loaded = true;
  module.exports = new Proxy(
    {},
    {
      get: (_target, name) => load()[name],
      has: (_target, name) => name in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), name);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[aesPath] = module;
}

type Inflate = (source: Uint8Array, dest: Uint8Array) => Uint8Array;

/**
 * fontkit, linebreak and unicode-properties each build a Unicode table when they load, from
 * DEFLATE data inflated by tiny-inflate, in JavaScript: about 0.03 s of every build. This gives
 * them tiny-inflate's function with zlib doing the inflating (DEFLATE decodes to one result, so
 * the same bytes), before they are loaded. Whatever zlib does not decode into the buffer given
 * (an error, more bytes than room) goes to tiny-inflate itself, which answers as before.
 */
function inflateWithZlib(require: NodeJS.Require): void {
  const trieRequire = createRequire(
    createRequire(require.resolve('fontkit')).resolve('unicode-trie'),
  );
  const inflatePath = trieRequire.resolve('tiny-inflate');
  const cached = require.cache[inflatePath];
  if (cached && (cached.exports as { isZlib?: boolean }).isZlib) return;
  const original = trieRequire('tiny-inflate') as Inflate;
  const inflate = (source: Uint8Array, dest: Uint8Array): Uint8Array => {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(source);
    } catch {
      return original(source, dest);
    }
    if (inflated.length > dest.length) return original(source, dest);
    dest.set(inflated);
    // tiny-inflate's answer: the buffer given, or a copy of its filled part when it is shorter.
    return inflated.length < dest.length ? dest.slice(0, inflated.length) : dest;
  };
  const module = new Module(inflatePath);
  module.filename = inflatePath;
  module.loaded = true;
  module.exports = Object.assign(inflate, { isZlib: true });
  require.cache[inflatePath] = module;
}

/**
 * fontkit loads brotli (a Brotli decoder with its 120 KB dictionary, about 0.02 s) at start, only
 * to read WOFF2 fonts. The dossier embeds DejaVu TTF files only (WOFF2 also crashes pdfkit), so
 * brotli's module is replaced by a function that says so, before fontkit is loaded.
 */
function skipBrotli(require: NodeJS.Require): void {
  const fontkitPath = require.resolve('fontkit');
  const brotliPath = createRequire(fontkitPath).resolve('brotli/decompress.js');
  if (require.cache[brotliPath]) return;
  const stub = new Module(brotliPath);
  stub.filename = brotliPath;
  stub.loaded = true;
  stub.exports = () => {
    throw new Error('preuve embeds TTF fonts only: WOFF2 (Brotli) fonts are not read');
  };
  require.cache[brotliPath] = stub;
}
