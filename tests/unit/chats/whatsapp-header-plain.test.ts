import { describe, expect, it } from 'vitest';
import { parseHeader, parseHeaderByPattern } from '../../../src/chats/formats/whatsapp/header.js';

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const PIECES = [
  '1',
  '12',
  '2024',
  '03',
  '24',
  '123',
  '12345',
  '/',
  '.',
  '-',
  ' ',
  '  ',
  ',',
  ':',
  '[',
  ']',
  ' - ',
  ' – ',
  ': ',
  '] ',
  '\u200E',
  '\u202F',
  '\u00A0',
  '\t',
  'PM',
  'p. m.',
  'klo ',
  'Alex',
  'Léa: salut',
  '\r',
  '\u2028',
  'a',
  '14:23',
  '14.23',
  '14:23:11',
  '99:99',
  '31/02/2024',
];

describe('the plain header reader', () => {
  it('reads every line exactly as the full pattern does', () => {
    const random = createRandom(13);
    const pick = () => PIECES[Math.floor(random() * PIECES.length)]!;
    const lines = [
      '12/03/2024 14:23 - Alex: hi',
      '[12/03/2024, 14:23:11] Alex: hi',
      '12.03.24, 14:23 - Alex: hallo',
      '2024-03-12, 14:23 - x',
      '13. 6. 2018. 21:25:15: Alex: hi',
      '12/03/2024 14:23:11: Alex: hi',
      '[12/03/2024 14:23:11] - Alex: hi',
      '[12/03/2024 14:23:11]Alex',
      '[12/03/2024 14:23:11] \u200EAlex',
      '12/03/2024 14:23 - ',
      '12/03/2024 24:00 - Alex: late',
      '12/03/2024 14:23 -Alex',
      '12/03/2024 14:23 - Alex\rhidden',
      '[12/03/2024 14:23 - Alex',
      '12/03/2024 14:23] Alex',
    ];
    for (let i = 0; i < 20_000; i++) {
      const parts = ['12/03/2024 14:23 - x'.slice(0, Math.floor(random() * 20))];
      const count = 1 + Math.floor(random() * 8);
      for (let j = 0; j < count; j++) parts.push(pick());
      lines.push(parts.join(''));
      lines.push(
        `${pick()}${pick()}${pick()}${pick()} ${pick()}${pick()}${pick()}${pick()}${pick()}`,
      );
    }
    for (const line of lines) {
      expect(parseHeader(line), JSON.stringify(line)).toEqual(
        line.length < 12 ? undefined : parseHeaderByPattern(line),
      );
    }
  });
});
