/** Whether an export is Messenger's end-to-end encrypted chats, from its JSON files' first bytes. */
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';

export const e2eeHead = /"threadName"\s*:|"senderName"\s*:/;

export function candidateFiles(source: ExportSource): string[] {
  return source.entries
    .map((e) => e.path)
    .filter((p) => p.toLowerCase().endsWith('.json') && !isJunkEntry(p))
    .filter((p) => !/(^|\/)messages\/[^/]+\/[^/]+\/message_\d+\.json$/.test(p));
}

/** How confident it is that the export is this format's, from 0 to 1. */
export async function detectMessengerE2ee(source: ExportSource): Promise<number> {
  try {
    for (const path of candidateFiles(source).slice(0, 20)) {
      const head = await sniffEntry(source, path, 4096);
      if (/"threadName"\s*:/.test(head) && /"senderName"\s*:/.test(head)) return 0.9;
      if (e2eeHead.test(head)) return 0.6;
    }
    return 0;
  } catch {
    return 0;
  }
}
