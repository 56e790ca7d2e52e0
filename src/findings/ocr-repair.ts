import type { Repair } from '../model/findings.js';

/** Characters OCR mistakes for one another in printed identifiers. */
const CONFUSIONS: Readonly<Record<string, readonly string[]>> = {
  '0': ['O', 'o', 'D', 'Q'],
  O: ['0', 'o', 'D', 'Q'],
  o: ['0', 'O'],
  D: ['0', 'O'],
  Q: ['0', 'O'],
  '1': ['l', 'I', 'i'],
  l: ['1', 'I', 'i'],
  I: ['1', 'l'],
  i: ['1', 'l'],
  q: ['g', '9'],
  g: ['q', '9'],
  '9': ['g', 'q'],
  '5': ['S', 's'],
  S: ['5', 's'],
  s: ['5', 'S'],
  '2': ['Z', 'z'],
  Z: ['2'],
  z: ['2'],
  '8': ['B'],
  B: ['8'],
  '6': ['G', 'b'],
  G: ['6'],
  b: ['6'],
  u: ['v'],
  v: ['u'],
};

/** Beyond this many confusable positions, two-character repairs are not tried (too many candidates). */
const MAX_POSITIONS_FOR_PAIRS = 40;

/**
 * Tries the single, then the double OCR substitutions of `read` that `isValid` accepts. Returns the
 * repair only when exactly one candidate passes at the smallest number of changes: with two
 * candidates, nothing says which is the one written.
 */
export function repairOcrConfusions(
  read: string,
  isValid: (candidate: string) => boolean,
  allowed?: (char: string, index: number) => boolean,
): Repair | undefined {
  // A character the identifier cannot hold (`o` in bech32, `l` in base58) must be a misreading:
  // when only one of its look-alikes is allowed there, it is replaced before any guessing.
  let forced = read;
  const forcedChanges: string[] = [];
  if (allowed) {
    for (let index = 0; index < read.length; index += 1) {
      const char = read[index] as string;
      if (allowed(char, index)) continue;
      const options = (CONFUSIONS[char] ?? []).filter((option) => allowed(option, index));
      if (options.length !== 1) continue;
      forced = replaceAt(forced, index, options[0] as string);
      forcedChanges.push(change(read, index, options[0] as string));
    }
  }
  const found = repairFrom(forced, isValid, allowed);
  if (found) {
    const changes = [...forcedChanges, ...(found.changes ? [found.changes] : [])].join(', ');
    return { from: read, to: found.to, changes };
  }
  return undefined;
}

function repairFrom(
  read: string,
  isValid: (candidate: string) => boolean,
  allowed?: (char: string, index: number) => boolean,
): { to: string; changes: string } | undefined {
  if (isValid(read)) return { to: read, changes: '' };
  const positions: { index: number; options: string[] }[] = [];
  for (let index = 0; index < read.length; index += 1) {
    const options = (CONFUSIONS[read[index] as string] ?? []).filter(
      (option) => allowed === undefined || allowed(option, index),
    );
    if (options.length > 0) positions.push({ index, options });
  }
  const passing = new Set<string>();
  const describe = new Map<string, string>();
  const consider = (candidate: string, changes: string) => {
    if (!passing.has(candidate) && isValid(candidate)) {
      passing.add(candidate);
      describe.set(candidate, changes);
    }
  };
  for (const { index, options } of positions) {
    for (const option of options) {
      consider(replaceAt(read, index, option), change(read, index, option));
    }
  }
  if (passing.size === 0 && positions.length <= MAX_POSITIONS_FOR_PAIRS) {
    for (let a = 0; a < positions.length && passing.size < 2; a += 1) {
      for (let b = a + 1; b < positions.length; b += 1) {
        const first = positions[a] as (typeof positions)[number];
        const second = positions[b] as (typeof positions)[number];
        for (const optionA of first.options) {
          for (const optionB of second.options) {
            const candidate = replaceAt(
              replaceAt(read, first.index, optionA),
              second.index,
              optionB,
            );
            consider(
              candidate,
              `${change(read, first.index, optionA)}, ${change(read, second.index, optionB)}`,
            );
          }
        }
      }
    }
  }
  if (passing.size !== 1) return undefined;
  const [to] = passing as Set<string>;
  return { to: to as string, changes: describe.get(to as string) as string };
}

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

function change(text: string, index: number, char: string): string {
  return `${text[index]}→${char} at ${index + 1}`;
}
