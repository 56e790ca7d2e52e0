/**
 * Breaks text at spaces so that no line is wider than `width` columns: a terminal would cut words
 * in the middle. Continuation lines keep the line's indent, and line up after a bullet ("  • ").
 * A word longer than the line is left whole (a path must stay one piece to be copied).
 */
export function wrapText(text: string, width: number): string {
  if (!(width > 20)) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n');
}

function wrapLine(line: string, width: number): string {
  if ([...line].length <= width) return line;
  const lead = /^(\s*(?:[•\-*]\s+|P\d+\s+)?)/.exec(line)![1]!;
  const indent = ' '.repeat([...lead].length);
  const words = glueFrenchPunctuation(line.slice(lead.length).split(/ +/));
  const lines: string[] = [];
  let current = lead;
  let isEmpty = true;
  for (const word of words) {
    const candidate = isEmpty ? current + word : `${current} ${word}`;
    if ([...candidate].length > width && !isEmpty) {
      lines.push(current);
      current = indent + word;
    } else current = candidate;
    isEmpty = false;
  }
  lines.push(current);
  return lines.join('\n');
}

/** "vite :" and "« code »" stay on one line: French puts a space before : ; ? ! and inside « ». */
function glueFrenchPunctuation(words: readonly string[]): string[] {
  const glued: string[] = [];
  for (const word of words) {
    const previous = glued.at(-1);
    if (previous !== undefined && (/^[:;?!»]/.test(word) || previous === '«'))
      glued[glued.length - 1] = `${previous} ${word}`;
    else glued.push(word);
  }
  return glued;
}
