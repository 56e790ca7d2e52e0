import { UsageError } from '../model/errors.js';
import type { ExportSource } from './export-source.js';
import type { ChatFormat, ChatFormatDescriptor } from './format.js';
import { chatFormats } from './registry.js';

/** Below this confidence an export is not taken as a chat of that format. */
export const MIN_CONFIDENCE = 0.5;

export interface DetectedFormat {
  /** The format found, its parser loaded (the other formats' parsers are not). */
  readonly format: ChatFormat;
  /** 0–1, as the format's `detect` said; for a forced format, whatever it said (possibly 0). */
  readonly confidence: number;
}

/**
 * Finds which chat format an export is, by content. With `forcedId` (`--format`), uses that format
 * without asking the others. Returns null when no format recognises the export (add it as a plain
 * file). Ties go to the format listed first in the registry. Asks the descriptors, then loads the
 * parser of the one format found.
 */
export async function detectChatFormat(
  source: ExportSource,
  forcedId?: string,
  formats: readonly ChatFormatDescriptor[] = chatFormats,
): Promise<DetectedFormat | null> {
  if (forcedId !== undefined) {
    const format = formats.find((candidate) => candidate.id === forcedId);
    if (!format) {
      const known = formats.map((candidate) => candidate.id).join(', ');
      throw new UsageError({
        code: 'error.chats.detect.unknownChatFormat',
        params: { forcedId, known },
      });
    }
    return { format: await format.load(), confidence: await format.detect(source) };
  }
  let best: { format: ChatFormatDescriptor; confidence: number } | null = null;
  for (const format of formats) {
    const confidence = await format.detect(source);
    if (confidence >= MIN_CONFIDENCE && (best === null || confidence > best.confidence)) {
      best = { format, confidence };
    }
  }
  return best && { format: await best.format.load(), confidence: best.confidence };
}
