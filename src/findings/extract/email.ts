import type { Extractor, TextMatch } from '../../model/findings.js';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** E-mail addresses; they cannot be checked offline. */
export const emailExtractor: Extractor = {
  name: 'email',
  mayMatch: (text) => text.includes('@'),
  extract(text) {
    return [...text.matchAll(EMAIL)].map(
      (match): TextMatch => ({
        kind: 'email',
        value: match[0],
        normalized: match[0].toLowerCase(),
        validity: 'unverified',
        start: match.index,
        end: match.index + match[0].length,
      }),
    );
  },
};
