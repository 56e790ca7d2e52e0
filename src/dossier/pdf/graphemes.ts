/** Characters segmented at once: V8's grapheme iterator slows down with the length of its input. */
const WINDOW = 512;

/**
 * The graphemes of `text`, in linear time. Intl.Segmenter walks a long string in quadratic time
 * (a 2 MB word took minutes), so the text is segmented in windows. Each window starts on a true
 * boundary, and its last grapheme, which the window's end may have cut, is segmented again at the
 * start of the next window; a single grapheme longer than a window is cut at the window's end.
 */
export function* graphemes(segmenter: Intl.Segmenter, text: string): Generator<string> {
  if (text.length <= WINDOW) {
    for (const { segment } of segmenter.segment(text)) yield segment;
    return;
  }
  let start = 0;
  while (start < text.length) {
    const end = Math.min(start + WINDOW, text.length);
    const isLast = end === text.length;
    let pending: { segment: string; index: number } | undefined;
    for (const part of segmenter.segment(text.slice(start, end))) {
      if (pending) yield pending.segment;
      pending = part;
    }
    if (!pending) break;
    if (isLast || pending.index === 0) {
      yield pending.segment;
      start = end;
    } else {
      start += pending.index;
    }
  }
}
