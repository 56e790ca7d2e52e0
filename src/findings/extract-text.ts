import type { ExtractOptions, TextMatch } from '../model/findings.js';
import { EXTRACTORS } from './registry.js';

const SIGNAL_KINDS = new Set(['demand', 'threat', 'deadline']);

/**
 * Every match in one text. Identifiers and amounts may not overlap: the more specific extractor
 * keeps the span. Demands, threats and deadlines are about the whole text and always kept.
 */
export function extractFromText(
  text: string,
  options: ExtractOptions,
  context?: string,
): TextMatch[] {
  const kept: TextMatch[] = [];
  for (const extractor of EXTRACTORS) {
    if (!extractor.mayMatch(text) && !(context && extractor.name === 'voucher')) continue;
    for (const match of extractor.extract(text, options, context)) {
      if (
        !SIGNAL_KINDS.has(match.kind) &&
        kept.some(
          (other) =>
            !SIGNAL_KINDS.has(other.kind) && other.start < match.end && match.start < other.end,
        )
      )
        continue;
      kept.push(match);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
