/** Whether an export is an SMS Backup & Restore XML file, from its entries' first bytes. */
import type { ExportSource } from '../../export-source.js';

/** How much of an entry is read to tell a backup, and how many entries at most. */
export const HEAD_BYTES = 2048;
export const MAX_DETECT_ENTRIES = 50;

/** An XML entry with `<smses>` (or at least an `<sms address=…>`), `.xml` ones first. */
export async function detectSmsBackup(source: ExportSource): Promise<number> {
  try {
    const candidates = [...source.entries]
      .filter((entry) => entry.size > 0)
      .sort((a, b) => Number(/\.xml$/i.test(b.path)) - Number(/\.xml$/i.test(a.path)))
      .slice(0, MAX_DETECT_ENTRIES);
    let best = 0;
    for (const entry of candidates) {
      const head = (await source.read(entry.path, HEAD_BYTES)).toString('utf8');
      if (/<smses[\s>]/.test(head)) return 0.95;
      if (/<sms\s[^>]*\baddress=/.test(head)) best = Math.max(best, 0.5);
    }
    return best;
  } catch {
    return 0;
  }
}
