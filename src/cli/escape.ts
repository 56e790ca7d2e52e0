/**
 * Makes text from the evidence (file names, titles, handles) safe to print on a terminal: control
 * characters become visible escapes (`\x1b`, `\n`, `\r`, `\t`, `\u202e`…) and backslashes are
 * doubled, so a name cannot move the cursor, retitle the window, or print a fake line.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (character) => {
    const named = NAMED[character];
    if (named) return named;
    const code = character.codePointAt(0)!;
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The same, keeping line breaks and tabs: for whole messages whose own layout uses them. The
 * names inside a message must still go through escapeForTerminal first.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE_KEEPING_LAYOUT, (character) => escapeForTerminal(character));
}

const NAMED: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text
// (bidi overrides and isolates, zero-width joiners, line and paragraph separators).
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_KEEPING_LAYOUT =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
