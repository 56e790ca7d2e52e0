import type { Inference } from '../model/conversation.js';
import { inferred } from './inferred.js';

/**
 * Meta ("Download your information") writes every UTF-8 byte as its own `\u00XX` escape, so after
 * JSON.parse `é` reads `Ã©` and 😠 reads `ð\x9f\x98\xa0`. The repair reads the string's code units
 * as Latin-1 bytes and decodes them as UTF-8, strictly: only when every code unit is a byte and the
 * bytes are valid UTF-8, so correct text is never touched.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Returns the repaired string, or undefined when the string is not (or not provably) mojibake. */
export function repairMojibake(text: string): string | undefined {
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return undefined;
  try {
    const repaired = strictUtf8.decode(Buffer.from(text, 'latin1'));
    return repaired === text ? undefined : repaired;
  } catch {
    return undefined;
  }
}

/** True when some string in the JSON value holds a character above U+00FF (real Unicode). */
export function hasRealUnicode(value: unknown): boolean {
  if (typeof value === 'string') return /[^\u0000-\u00ff]/.test(value);
  if (Array.isArray(value)) return value.some(hasRealUnicode);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasRealUnicode);
  return false;
}

/**
 * Repairs the strings of one conversation and remembers what it did, so the dossier can say so.
 * A file that already holds real Unicode was not written the Meta way: its strings are left as-is.
 */
export class MojibakeRepairer {
  private repairedCount = 0;
  private example: { before: string; after: string } | undefined;
  private isEnabled = true;

  /** Decides, for the next strings, whether the file they come from needs the repair. */
  useFile(parsed: unknown): void {
    this.isEnabled = !hasRealUnicode(parsed);
  }

  fix(text: string): string;
  fix(text: string | undefined): string | undefined;
  fix(text: string | undefined): string | undefined {
    if (text === undefined || !this.isEnabled) return text;
    const repaired = repairMojibake(text);
    if (repaired === undefined) return text;
    this.repairedCount += 1;
    this.example ??= { before: text, after: repaired };
    return repaired;
  }

  get count(): number {
    return this.repairedCount;
  }

  /** The inference to record, or undefined when nothing was repaired. */
  inference(): Inference | undefined {
    if (this.repairedCount === 0 || !this.example) return undefined;
    const before = showControls(this.example.before.slice(0, 40));
    const after = showControls(this.example.after.slice(0, 40));
    return inferred(
      'encoding-repair',
      {
        code: 'metaExport.mojibake.decision',
        params: { count: this.repairedCount, before, after },
      },
      { code: 'metaExport.mojibake.reason' },
    );
  }
}

/** Makes invisible C0/C1 control characters visible as `\u009d` in a quoted example. */
function showControls(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
