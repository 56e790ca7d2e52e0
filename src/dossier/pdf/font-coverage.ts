/** The code points a font maps to a glyph, as fontkit's `characterSet` lists them. */
export interface CodePointCoverage {
  has(codePoint: number): boolean;
}

/** The parts of a fontkit font read here (private fields, as fonts.ts reads the `post` header). */
export interface CoverageFont {
  readonly characterSet: number[];
  readonly stream: { readonly buffer: Uint8Array };
  readonly directory: { readonly tables: Readonly<Record<string, { readonly offset: number }>> };
}

/**
 * fontkit's subtable choice (CmapProcessor): the first (platform, encoding) of this list present.
 * Its `characterSet` is every code point of every range of that subtable.
 */
const SUBTABLE_PREFERENCE: readonly (readonly [number, number])[] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/**
 * The same code points as `new Set(font.characterSet)`, read as ranges straight from the cmap
 * subtable fontkit uses when it is a format 12 one (every DejaVu font's): fontkit decodes each
 * range as an object and lists every code point, about 0.02 s of CPU for the four fonts of each
 * build (issue 12). Any other subtable gets fontkit's list.
 */
export function readCoverage(font: CoverageFont): CodePointCoverage {
  const ranges = readCmapRanges(font);
  if (!ranges) return new Set(font.characterSet);
  return {
    has(codePoint) {
      // Sorted by start: a binary search finds the last range starting at or before it.
      let low = 0;
      let high = ranges.length / 2 - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (ranges[middle * 2]! <= codePoint) low = middle + 1;
        else high = middle - 1;
      }
      for (let index = high; index >= 0; index--) {
        if (ranges[index * 2 + 1]! >= codePoint) return true;
        // A later range may start before and end after: only when ranges overlap, checked below.
        if (!ranges.isOverlapping) return false;
      }
      return false;
    },
  };
}

type Ranges = number[] & { isOverlapping?: boolean };

/** [start, end, start, end…] of the chosen subtable, sorted by start; undefined unless format 12. */
function readCmapRanges(font: CoverageFont): Ranges | undefined {
  const table = font.directory.tables.cmap;
  if (!table) return undefined;
  const bytes = font.stream.buffer;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cmap = table.offset;
  const count = view.getUint16(cmap + 2);
  let subtable: number | undefined;
  for (const [platform, encoding] of SUBTABLE_PREFERENCE) {
    for (let index = 0; index < count && subtable === undefined; index++) {
      const record = cmap + 4 + index * 8;
      if (view.getUint16(record) === platform && view.getUint16(record + 2) === encoding)
        subtable = cmap + view.getUint32(record + 4);
    }
    if (subtable !== undefined) break;
  }
  if (subtable === undefined) return undefined;
  const ranges: Ranges = [];
  const format = view.getUint16(subtable);
  if (format === 12) {
    const groups = view.getUint32(subtable + 12);
    for (let index = 0; index < groups; index++) {
      const group = subtable + 16 + index * 12;
      ranges.push(view.getUint32(group), view.getUint32(group + 4));
    }
  } else {
    return undefined;
  }
  return sortRanges(ranges);
}

function sortRanges(ranges: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let index = 0; index < ranges.length; index += 2)
    pairs.push([ranges[index]!, ranges[index + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const sorted: Ranges = pairs.flat();
  sorted.isOverlapping = pairs.some((pair, index) => index > 0 && pair[0] <= pairs[index - 1]![1]);
  return sorted;
}
