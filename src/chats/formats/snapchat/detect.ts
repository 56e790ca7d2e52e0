/** Whether an export is Snapchat's My Data, from chat_history.json's first bytes. */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';

export function findChatHistory(source: ExportSource): string | undefined {
  const candidates = source.entries
    .map((e) => e.path)
    .filter((p) => !isJunkEntry(p) && posix.basename(p).toLowerCase() === 'chat_history.json');
  return candidates.find((p) => /(^|\/)json\/chat_history\.json$/i.test(p)) ?? candidates[0];
}

/** How confident it is that the export is this format's, from 0 to 1. */
export async function detectSnapchat(source: ExportSource): Promise<number> {
  try {
    const file = findChatHistory(source);
    if (!file) return 0;
    const head = await sniffEntry(source, file, 4096);
    if (/"(Received|Sent) (Saved|Unsaved) Chat History"\s*:/.test(head)) return 0.95;
    if (/"Media Type"\s*:/.test(head) && /"Created"\s*:/.test(head)) return 0.95;
    return /^\s*\{/.test(head) ? 0.6 : 0.2;
  } catch {
    return 0;
  }
}
