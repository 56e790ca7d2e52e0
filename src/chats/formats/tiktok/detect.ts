/** Whether an export is TikTok's data download, from its JSON or text files' first bytes. */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';

export function candidateFiles(source: ExportSource): string[] {
  return source.entries
    .map((e) => e.path)
    .filter((p) => !isJunkEntry(p) && (source.container === 'file' || /\.(json|txt)$/i.test(p)))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

export function looksLikeTikTokJson(head: string): boolean {
  return /"ChatHistory"\s*:/.test(head) || /"Chat History with [^"]*"\s*:/.test(head);
}

export function looksLikeTikTokTxt(head: string): boolean {
  return /^(>>>\s*)?Chat History with .+:/m.test(head) && /^Date:\s*\d{4}-\d{2}-\d{2}/m.test(head);
}

/** How confident it is that the export is this format's, from 0 to 1. */
export async function detectTikTok(source: ExportSource): Promise<number> {
  try {
    for (const path of candidateFiles(source).slice(0, 20)) {
      const head = await sniffEntry(source, path, 262_144);
      if (looksLikeTikTokJson(head) || looksLikeTikTokTxt(head)) return 0.9;
      if (
        /^user_data(_tiktok)?\.json$/i.test(posix.basename(path)) &&
        /"(Your )?Activity"\s*:/.test(head)
      )
        return 0.8;
    }
    return 0;
  } catch {
    return 0;
  }
}
