import type { Extractor, SignalKind, TextMatch } from '../../model/findings.js';

const KINDS: readonly SignalKind[] = ['demand', 'threat', 'deadline'];

/** Demands, threats and deadlines, from the patterns of templates/<lang>/signals.yaml. */
export const signalsExtractor: Extractor = {
  name: 'signals',
  mayMatch: (text) => text.length >= 4,
  extract(written, options) {
    // Typographic apostrophes (WhatsApp, iOS keyboards) read as plain ones; same offsets.
    const text = written.replace(/[’ʼ`]/g, "'");
    const matches: TextMatch[] = [];
    for (const kind of KINDS) {
      const { keywords, patterns } = options.signals[kind];
      if (!keywords.test(text)) continue;
      for (const pattern of patterns) {
        const match = pattern.exec(text);
        if (!match) continue;
        matches.push({
          kind,
          value: written.slice(match.index, match.index + match[0].length),
          normalized: match[0].toLowerCase().replace(/\s+/g, ' '),
          validity: 'unverified',
          start: match.index,
          end: match.index + match[0].length,
        });
        break;
      }
    }
    return matches;
  },
};
