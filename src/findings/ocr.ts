import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type sharpModule from 'sharp';
import { createWorker, type Worker } from 'tesseract.js';
import type { Region } from '../model/findings.js';

// sharp's CommonJS build, as the dossier and intake require it (one copy of sharp per process;
// its ES module build loads in twice the CPU time).
const sharp = createRequire(import.meta.url)('sharp') as typeof sharpModule;

/** The text of one image as OCR read it: every line with its box and confidence (0–100). */
export interface OcrResult {
  readonly text: string;
  readonly confidence: number;
  readonly width?: number;
  readonly height?: number;
  readonly lines: readonly OcrLine[];
}

export interface OcrLine {
  /** Lines of one paragraph (a chat bubble, usually) share this number, from 0. */
  readonly paragraph: number;
  readonly text: string;
  readonly confidence: number;
  readonly box: Region;
  readonly words: readonly {
    readonly text: string;
    readonly confidence: number;
    readonly box: Region;
  }[];
}

/** Reads images one after the other with one worker; `close()` ends it. */
export interface OcrEngine {
  recognize(imagePath: string): Promise<OcrResult>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Starts Tesseract offline on the packaged French model (it reads English text too: same
 * alphabet), from node_modules: `langPath` is local so nothing is fetched, and
 * `cacheMethod: 'none'` keeps it from writing a cache file into the working folder.
 */
export async function startOcrEngine(): Promise<OcrEngine> {
  const langPath = join(
    dirname(require.resolve('@tesseract.js-data/fra/package.json')),
    '4.0.0_best_int',
  );
  const worker: Worker = await createWorker(['fra'], 1, {
    langPath,
    cacheMethod: 'none',
    gzip: true,
    // Without a handler, a failed job is thrown from the worker's message event and ends the process;
    // with one, it only rejects that job's promise.
    errorHandler: () => {},
  });
  return {
    async recognize(imagePath) {
      // sharp decodes every format the case keeps (and rejects a broken file with a clear error).
      const png = await sharp(imagePath).rotate().png().toBuffer();
      const { data } = await worker.recognize(png, {}, { blocks: true, text: true });
      const lines: OcrLine[] = [];
      let paragraphNumber = -1;
      for (const block of data.blocks ?? []) {
        for (const paragraph of block.paragraphs) {
          paragraphNumber += 1;
          for (const line of paragraph.lines) {
            lines.push({
              paragraph: paragraphNumber,
              text: line.text.trim(),
              confidence: Math.round(line.confidence * 10) / 10,
              box: boxOf(line.bbox),
              words: line.words.map((word) => ({
                text: word.text,
                confidence: Math.round(word.confidence * 10) / 10,
                box: boxOf(word.bbox),
              })),
            });
          }
        }
      }
      return { text: data.text, confidence: Math.round(data.confidence * 10) / 10, lines };
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

function boxOf(bbox: { x0: number; y0: number; x1: number; y1: number }): Region {
  return { x: bbox.x0, y: bbox.y0, width: bbox.x1 - bbox.x0, height: bbox.y1 - bbox.y0 };
}
