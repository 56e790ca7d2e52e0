/**
 * Whether an export is Telegram Desktop's, from `result.json` or the chat pages' names and first
 * bytes; the HTML reader is loaded only for an HTML page.
 */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';
import { findTelegramPages } from './pages.js';

/** The chat types of a Telegram export's `result.json`. */
const chatTypes =
  /"type"\s*:\s*"(personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|private_channel|public_channel|saved_messages)"/;

/** `result.json` entries, shallowest first. */
export function resultFiles(source: ExportSource): string[] {
  return source.entries
    .map((e) => e.path)
    .filter((p) => !isJunkEntry(p) && posix.basename(p).toLowerCase() === 'result.json')
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

/** A named or lone JSON file with Telegram's keys, or a chat page with a dated message. */
export async function detectTelegram(source: ExportSource): Promise<number> {
  try {
    let best = 0;
    const named = resultFiles(source);
    const candidates =
      named.length > 0
        ? named
        : source.entries
            .map((e) => e.path)
            // A single file given on its own may have been renamed: its content decides.
            .filter((p) => source.container === 'file' || p.endsWith('.json'))
            .slice(0, 5);
    for (const path of candidates.slice(0, 5)) {
      const head = await sniffEntry(source, path, 4096);
      const isNamed = named.includes(path);
      if (chatTypes.test(head) && /"messages"\s*:/.test(head))
        best = Math.max(best, isNamed ? 0.95 : 0.85);
      else if (/"personal_information"\s*:|"date_unixtime"\s*:/.test(head))
        best = Math.max(best, isNamed ? 0.95 : 0.8);
      else if (isNamed && /^\s*\{/.test(head) && /"about"\s*:/.test(head))
        best = Math.max(best, 0.7);
    }
    if (best === 0) {
      const [firstPage] = [...findTelegramPages(source).values()].map((pages) => pages[0]!);
      if (
        firstPage &&
        (await import('./html.js')).looksLikeTelegramHtml(
          await sniffEntry(source, firstPage, 65_536),
        )
      )
        best = 0.9;
    }
    return best;
  } catch {
    return 0;
  }
}
