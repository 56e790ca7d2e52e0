import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeForTerminal } from '../../../src/cli/escape.js';

describe('escapeForTerminal', () => {
  it('turns escape sequences, line breaks and bidi overrides into visible escapes', () => {
    expect(escapeForTerminal('a\u001b]0;pwned\u0007b')).toBe('a\\x1b]0;pwned\\x07b');
    expect(escapeForTerminal('x.png\n  P9   image  fake.png')).toBe(
      'x.png\\n  P9   image  fake.png',
    );
    expect(escapeForTerminal('r\rt\t\u009b\u202egnp.exe')).toBe('r\\rt\\t\\x9b\\u202egnp.exe');
    expect(escapeForTerminal('C:\\n')).toBe('C:\\\\n');
  });

  it('leaves ordinary names alone, accents and emoji included', () => {
    expect(escapeForTerminal('Capture d’écran 2024-03-12 à 21.04 😱.png')).toBe(
      'Capture d’écran 2024-03-12 à 21.04 😱.png',
    );
  });

  it('keeps the layout of whole messages but not their escape sequences', () => {
    expect(escapeControlCharacters('line 1\n\tline 2 \u001b[2J')).toBe('line 1\n\tline 2 \\x1b[2J');
  });
});
