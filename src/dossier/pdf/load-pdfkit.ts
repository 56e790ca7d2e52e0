import Module, { createRequire } from 'node:module';
import type PDFKitModule from 'pdfkit';

/**
 * pdfkit through its CommonJS build: Node's import of the ES build sends fontkit, restructure and
 * their CommonJS dependencies through the ES module loader, about 0.09 s more CPU at each build.
 * Same code, same PDF bytes.
 */
export function requirePdfKit(): typeof PDFKitModule {
  const require = createRequire(import.meta.url);
  skipBrotli(require);
  return require('pdfkit') as typeof PDFKitModule;
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
