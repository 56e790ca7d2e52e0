import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type sharpModule from 'sharp';

/** Side of the PNG drawn for one emoji, in pixels (drawn at the text size, so ~4× oversampled). */
const EMOJI_PIXELS = 64;

/**
 * Colour emoji as small PNG images, rendered with sharp from the Twemoji SVG files shipped by
 * `@twemoji/svg`. DejaVu has almost no emoji, and colour emoji fonts crash pdfkit.
 */
export class EmojiImages {
  private readonly dir: string;
  /** The Twemoji file names, listed at the first emoji (about 3,700 files): most texts have none. */
  private names: ReadonlySet<string> | undefined;
  private readonly rendered = new Map<string, Buffer>();

  constructor() {
    const require = createRequire(import.meta.url);
    this.dir = dirname(require.resolve('@twemoji/svg/package.json'));
  }

  /** The Twemoji file name for a grapheme, or undefined when there is none. */
  fileFor(grapheme: string): string | undefined {
    const codes = [...grapheme].map((c) => c.codePointAt(0)!.toString(16));
    // Twemoji drops U+FE0F (emoji presentation selector) from names, except in ZWJ sequences.
    const candidates = [codes.filter((c) => c !== 'fe0f').join('-'), codes.join('-')];
    this.names ??= new Set(readdirSync(this.dir).filter((name) => name.endsWith('.svg')));
    for (const name of candidates) {
      if (this.names.has(`${name}.svg`)) return `${name}.svg`;
    }
    return undefined;
  }

  /** The PNG for a Twemoji file name, rendered once. */
  async png(file: string): Promise<Buffer> {
    const cached = this.rendered.get(file);
    if (cached) return cached;
    // Loaded here, not at the top: a dossier without emoji never pays sharp's start.
    const sharp = requireSharp();
    const png = await sharp(join(this.dir, file), { density: 288 })
      .resize(EMOJI_PIXELS, EMOJI_PIXELS, {
        fit: 'contain',
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      })
      .png()
      .toBuffer();
    this.rendered.set(file, png);
    return png;
  }
}

/**
 * sharp, required when an image is drawn (about 0.1 s to load): required, not imported, since its
 * CommonJS build loads in half the CPU time of its ES module one.
 */
function requireSharp(): typeof sharpModule {
  return createRequire(import.meta.url)('sharp') as typeof sharpModule;
}
