import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** Side of the PNG drawn for one emoji, in pixels (drawn at the text size, so ~4× oversampled). */
const EMOJI_PIXELS = 64;

/**
 * Colour emoji as small PNG images, rendered with sharp from the Twemoji SVG files shipped by
 * `@twemoji/svg`. DejaVu has almost no emoji, and colour emoji fonts crash pdfkit.
 */
export class EmojiImages {
  private readonly dir: string;
  private readonly names: ReadonlySet<string>;
  private readonly rendered = new Map<string, Buffer>();

  constructor() {
    const require = createRequire(import.meta.url);
    this.dir = dirname(require.resolve('@twemoji/svg/package.json'));
    this.names = new Set(readdirSync(this.dir).filter((name) => name.endsWith('.svg')));
  }

  /** The Twemoji file name for a grapheme, or undefined when there is none. */
  fileFor(grapheme: string): string | undefined {
    const codes = [...grapheme].map((c) => c.codePointAt(0)!.toString(16));
    // Twemoji drops U+FE0F (emoji presentation selector) from names, except in ZWJ sequences.
    const candidates = [codes.filter((c) => c !== 'fe0f').join('-'), codes.join('-')];
    for (const name of candidates) {
      if (this.names.has(`${name}.svg`)) return `${name}.svg`;
    }
    return undefined;
  }

  /** The PNG for a Twemoji file name, rendered once. */
  async png(file: string): Promise<Buffer> {
    const cached = this.rendered.get(file);
    if (cached) return cached;
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
