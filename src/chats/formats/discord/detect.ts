/** Whether an export is DiscordChatExporter's, from its JSON files' first bytes. */
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry, sniffEntry } from '../entries.js';

export function jsonEntries(source: ExportSource): string[] {
  return (
    source.entries
      .map((e) => e.path)
      // A single file given on its own may have been renamed: its content decides.
      .filter(
        (p) =>
          (source.container === 'file' || p.toLowerCase().endsWith('.json')) && !isJunkEntry(p),
      )
      .sort()
  );
}

export function looksLikeDce(head: string): boolean {
  return /"guild"\s*:/.test(head) && /"channel"\s*:/.test(head);
}

/** How confident it is that the export is this format's, from 0 to 1. */
export async function detectDiscord(source: ExportSource): Promise<number> {
  try {
    for (const path of jsonEntries(source).slice(0, 20)) {
      const head = await sniffEntry(source, path, 4096);
      if (looksLikeDce(head))
        return /"messages"\s*:/.test(head) || /"exportedAt"\s*:/.test(head) ? 0.95 : 0.7;
    }
    return 0;
  } catch {
    return 0;
  }
}
