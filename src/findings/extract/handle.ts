import type { Extractor, TextMatch } from '../../model/findings.js';

/** `@name` not preceded by a letter or digit (that would be an e-mail) nor followed by a domain. */
const HANDLE =
  /(?<![\p{L}\p{N}._%+-])@ ?([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_]|\.[a-z]{2,}\b)/gu;

/** @handles written in a message or on a screenshot. */
export const handleExtractor: Extractor = {
  name: 'handle',
  mayMatch: (text) => text.includes('@'),
  extract(text) {
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(HANDLE)) {
      const name = match[1] as string;
      if (name.length < 2 || /^\d+$/.test(name)) continue;
      matches.push({
        kind: 'handle',
        value: match[0],
        normalized: `@${name.toLowerCase()}`,
        validity: 'unverified',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
    return matches;
  },
};
