/**
 * Repairs, on the decoded text of an SMS backup and before the strict XML parser sees it, the
 * character references that some producers of this schema write but XML forbids:
 * - UTF-16 surrogate pairs written as two references (`&#55357;&#56832;`), merged into one (`&#128512;`);
 * - a lone surrogate, or a control character (`&#1;` or a raw U+0001), replaced by U+FFFD.
 * Works chunk by chunk: a reference cut at the end of a chunk waits for the next one.
 */

const REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));/g;
const REFERENCE_AT = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));/y;
/** An unfinished reference at the very end of a chunk (`&`, `&#`, `&#5535`, `&#xD8`). */
const UNFINISHED_TAIL = /&(?:#(?:[xX][0-9a-fA-F]{0,8}|[0-9]{0,10}))?$/;
/** A complete high-surrogate reference at the very end: its low half may be in the next chunk. */
const TRAILING_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));$/;
/** C0 controls XML 1.0 does not allow, written raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

export interface RepairCounts {
  /** Surrogate pairs merged into one character. */
  surrogatePairs: number;
  /** Lone surrogates and forbidden control characters replaced by U+FFFD. */
  replaced: number;
}

function codeOf(match: RegExpExecArray | RegExpMatchArray): number {
  return match[1] !== undefined ? Number.parseInt(match[1], 16) : Number(match[2]);
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
/** Characters XML 1.0 allows (tab, LF, CR, and everything from U+0020 except surrogates, FFFE, FFFF). */
const isXmlChar = (code: number) =>
  code === 0x9 ||
  code === 0xa ||
  code === 0xd ||
  (code >= 0x20 && code <= 0xd7ff) ||
  (code >= 0xe000 && code <= 0xfffd) ||
  (code >= 0x10000 && code <= 0x10ffff);

/** One repair, at a position of the repaired text (the XML parser's `position`). */
export interface Repair {
  readonly position: number;
  readonly kind: 'surrogate-pair' | 'replaced';
}

const NO_REPAIRS: Repair[] = [];

export class ReferenceRepairer {
  readonly counts: RepairCounts = { surrogatePairs: 0, replaced: 0 };
  /** Repairs not yet claimed by the caller, in order (see {@link takeRepairsBefore}). */
  private pending: Repair[] = [];
  private carry = '';
  /** Length of the repaired text returned so far. */
  private emitted = 0;

  /** Removes and returns the repairs made before `position` of the repaired text. */
  takeRepairsBefore(position: number): readonly Repair[] {
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.position < position) count++;
    return count === 0 ? NO_REPAIRS : this.pending.splice(0, count);
  }

  /** Returns the repaired text that is safe to parse now; keeps back a possibly cut reference. */
  push(chunk: string): string {
    let text = this.carry + chunk;
    // Only the last few characters can hold a cut reference: look there, not at the whole chunk.
    const windowStart = Math.max(0, text.length - 40);
    const window = text.slice(windowStart);
    const tail = UNFINISHED_TAIL.exec(window);
    let cut = tail ? tail.index : window.length;
    const trailing = TRAILING_REFERENCE.exec(window.slice(0, cut));
    if (trailing && isHigh(codeOf(trailing))) cut = trailing.index;
    cut += windowStart;
    this.carry = text.slice(cut);
    text = text.slice(0, cut);
    return this.repair(text);
  }

  /** Returns whatever was kept back, repaired (end of the file). */
  flush(): string {
    const rest = this.carry;
    this.carry = '';
    return this.repair(rest);
  }

  private repair(text: string): string {
    if (text.includes('&#')) text = this.repairReferences(text);
    RAW_CONTROL.lastIndex = 0;
    if (RAW_CONTROL.test(text)) {
      const found: Repair[] = [];
      text = text.replace(RAW_CONTROL, (_control, offset: number) => {
        found.push({ position: this.emitted + offset, kind: 'replaced' });
        return '\uFFFD';
      });
      this.counts.replaced += found.length;
      // One character for one: positions of earlier repairs still hold; keep the queue sorted.
      this.pending.push(...found);
      this.pending.sort((a, b) => a.position - b.position);
    }
    this.emitted += text.length;
    return text;
  }

  private repairReferences(text: string): string {
    let out = '';
    let last = 0;
    REFERENCE.lastIndex = 0;
    for (let match = REFERENCE.exec(text); match; match = REFERENCE.exec(text)) {
      const code = codeOf(match);
      if (isXmlChar(code)) continue;
      const end = match.index + match[0].length;
      let replacement = '&#65533;';
      let resumeAt = end;
      if (isHigh(code)) {
        REFERENCE_AT.lastIndex = end;
        const next = REFERENCE_AT.exec(text);
        if (next && isLow(codeOf(next))) {
          const merged = 0x10000 + ((code - 0xd800) << 10) + (codeOf(next) - 0xdc00);
          replacement = `&#${merged};`;
          resumeAt = end + next[0].length;
        }
      }
      const kind = replacement === '&#65533;' ? 'replaced' : 'surrogate-pair';
      if (kind === 'replaced') this.counts.replaced++;
      else this.counts.surrogatePairs++;
      out += text.slice(last, match.index);
      this.pending.push({ position: this.emitted + out.length, kind });
      out += replacement;
      last = resumeAt;
      REFERENCE.lastIndex = resumeAt;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}
