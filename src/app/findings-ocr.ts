import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type OcrEngine, startOcrEngine } from '../findings/ocr.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { DIR_MODE } from '../model/case-layout.js';
import type { CaseFile } from '../model/case-schema.js';
import { formatExhibitId } from '../model/exhibit.js';
import { readableImageFiles } from './findings-evidence.js';

export interface OcrProgress {
  readonly done: number;
  readonly total: number;
  readonly exhibit: string;
  readonly name: string;
}

/** What was read this time and what was already stored. */
export interface OcrSummary {
  readonly read: number;
  readonly alreadyStored: number;
  /** Images whose pixels could not be read (`P9 photo.jpg: …`). */
  readonly unreadable?: readonly string[];
}

/**
 * OCR of every image the case may read (never a sensitive file, an excluded attachment, a
 * withdrawn exhibit or a description-only item: see readableImageFiles), stored in
 * derived/ocr/<sha256>.json so that a re-run reads nothing twice.
 */
export async function ocrCaseImages(
  caseDir: string,
  caseFile: CaseFile,
  ocrDir: string,
  onProgress?: (progress: OcrProgress) => void,
  startEngine: () => Promise<OcrEngine> = startOcrEngine,
): Promise<OcrSummary> {
  const pending: { exhibit: string; name: string; path: string; sha256: string }[] = [];
  let alreadyStored = 0;
  const seen = new Set<string>();
  for (const exhibit of caseFile.exhibits) {
    for (const file of readableImageFiles(exhibit)) {
      if (seen.has(file.sha256)) continue;
      seen.add(file.sha256);
      const target = join(ocrDir, `${file.sha256}.json`);
      if (
        await stat(target).then(
          () => true,
          () => false,
        )
      ) {
        alreadyStored += 1;
        continue;
      }
      pending.push({
        exhibit: formatExhibitId(exhibit.number),
        name: file.name,
        path: join(caseDir, file.storedPath as string),
        sha256: file.sha256,
      });
    }
  }
  if (pending.length === 0) return { read: 0, alreadyStored };
  await mkdir(ocrDir, { recursive: true, mode: DIR_MODE });
  const engine = await startEngine();
  const unreadable: string[] = [];
  try {
    for (const [index, item] of pending.entries()) {
      onProgress?.({ done: index, total: pending.length, exhibit: item.exhibit, name: item.name });
      // An image that cannot be decoded is recorded as such (no text), not retried on every run.
      const result = await engine.recognize(item.path).catch((error: unknown) => ({
        text: '',
        confidence: 0,
        lines: [],
        error: error instanceof Error ? error.message : String(error),
      }));
      if ('error' in result) unreadable.push(`${item.exhibit} ${item.name}: ${result.error}`);
      await writeFileAtomic(
        join(ocrDir, `${item.sha256}.json`),
        `${JSON.stringify({ sha256: item.sha256, engine: 'tesseract.js 7 (fra, best_int)', ...result })}\n`,
      );
    }
    onProgress?.({ done: pending.length, total: pending.length, exhibit: '', name: '' });
  } finally {
    await engine.close();
  }
  return { read: pending.length, alreadyStored, unreadable };
}
