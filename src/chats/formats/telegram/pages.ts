/** Where a Telegram HTML export's chat pages are: read by detection and by the HTML reader. */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry } from '../entries.js';

export const pagePattern = /(^|\/)messages(\d*)\.html$/;

/** The HTML pages of each chat folder, in page order (messages.html, messages2.html, …). */
export function findTelegramPages(source: ExportSource): Map<string, string[]> {
  const byDir = new Map<string, [string, number][]>();
  for (const { path } of source.entries) {
    if (isJunkEntry(path)) continue;
    const match = pagePattern.exec(path);
    const isLoneFile = source.container === 'file' && /\.html?$/i.test(path);
    if (!match && !isLoneFile) continue;
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const list = byDir.get(dir) ?? [];
    list.push([path, match?.[2] ? Number(match[2]) : 1]);
    byDir.set(dir, list);
  }
  return new Map(
    [...byDir]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([dir, pages]) => [dir, pages.sort((a, b) => a[1] - b[1]).map(([p]) => p)]),
  );
}
