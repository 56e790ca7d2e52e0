/**
 * Lets one conversation's `messages()` skip, before the XML parser, the records of every other
 * correspondent: reading a backup once per conversation then costs a text scan, not a full parse.
 *
 * Works on the decoded text. It cuts out each top-level `<sms …/>` / `<mms …>…</mms>` record,
 * reads the `address` attribute of its opening tag with an attribute tokenizer (quote-aware, so an
 * offender's message body cannot pose as an address), and asks whether that address may belong to
 * the wanted conversation. A record is skipped only when the answer is a sure no; anything unusual
 * (an escaped or missing address, an unexpected tag) is passed on to the parser, which decides. A
 * skipped record is replaced by as many line breaks as it held, so line numbers stay true.
 */

/** A record's start, or markup that may hide one from the parser (comment, CDATA, instruction). */
const RECORD_START = /<(?:([sm])ms[\s/>]|(!--|!\[CDATA\[|\?))/g;
const MARKUP_END: Readonly<Record<string, string>> = { '!--': '-->', '![CDATA[': ']]>', '?': '?>' };
const ATTRIBUTE = /\s*([^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*(\/?)>/y;
/** The rest of the text is the unfinished start of an attribute. */
const UNFINISHED_ATTRIBUTE = /\s*(?:[^\s=/>"']+\s*(?:=\s*(?:"[^"]*|'[^']*)?)?)?$/y;
const LINE_BREAKS = /\r\n|\r|\n/g;
/** Past this much text held for one record, stop filtering (the parser still reads it all). */
const MAX_CARRY = 16 * 1024 * 1024;

/** Line breaks as the XML parser counts them (CRLF, CR or LF). */
function countLineBreaks(text: string): number {
  if (text.includes('\r')) return text.match(LINE_BREAKS)?.length ?? 0;
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Whether a record whose `address` attribute is this raw value may belong to the conversation. */
export type AddressTest = (address: string) => boolean;

export class RecordFilter {
  private carry = '';
  private isDisabled = false;
  private seen = 0;
  private readonly kept: number[] = [];

  constructor(private readonly mayBelong: AddressTest) {}

  /**
   * The ordinal (position among all records of the file) of the next record the parser meets.
   * Records reach the parser in order: first those kept, then, once filtering stopped, all of them.
   */
  takeOrdinal(): number {
    return this.kept.shift() ?? this.seen++;
  }

  /** Takes decoded text; returns the text to parse, holding back an unfinished record. */
  push(chunk: string): string {
    const text = this.carry + chunk;
    this.carry = '';
    if (this.isDisabled) return text;
    let out = '';
    let position = 0;
    for (;;) {
      RECORD_START.lastIndex = position;
      const start = RECORD_START.exec(text);
      if (!start) {
        const lastOpen = text.lastIndexOf('<');
        const cut = lastOpen >= Math.max(position, text.length - 4) ? lastOpen : text.length;
        this.carry = text.slice(cut);
        return out + text.slice(position, cut);
      }
      out += text.slice(position, start.index);
      if (start[2] !== undefined) {
        // Passed on as it is: a record written inside a comment is no record.
        const close = text.indexOf(MARKUP_END[start[2]]!, start.index + start[0].length);
        if (close === -1) {
          this.carry = text.slice(start.index);
          if (this.carry.length > MAX_CARRY) this.disable();
          return out;
        }
        position = close + MARKUP_END[start[2]]!.length;
        out += text.slice(start.index, position);
        continue;
      }
      const end = this.recordEnd(text, start.index, `</${start[1]}ms>`);
      if (end === 'unfinished') {
        this.carry = text.slice(start.index);
        if (this.carry.length > MAX_CARRY) this.disable();
        return out;
      }
      if (end === 'unexpected') {
        this.disable();
        return out + text.slice(start.index);
      }
      const record = text.slice(start.index, end.end);
      const ordinal = this.seen++;
      if (end.address === undefined || this.mayBelong(end.address)) {
        out += record;
        this.kept.push(ordinal);
      } else {
        out += '\n'.repeat(countLineBreaks(record));
      }
      position = end.end;
    }
  }

  /** End of the file: returns what was held back, as it is. */
  flush(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }

  /** From here on, everything goes to the parser. */
  private disable(): void {
    this.isDisabled = true;
  }

  /** Where the record starting at `start` ends, and its plain `address` value when it has one. */
  private recordEnd(
    text: string,
    start: number,
    closing: string,
  ): { end: number; address?: string } | 'unfinished' | 'unexpected' {
    let at = start + 4;
    let address: string | undefined;
    let hasOddAddress = false;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const attribute = ATTRIBUTE.exec(text);
      if (!attribute) break;
      if (attribute[1] === 'address') {
        const value = attribute[2] ?? attribute[3] ?? '';
        // Entities and white space are changed by the parser: let it read those.
        if (address !== undefined || /[&\t\n\r]/.test(value)) hasOddAddress = true;
        address = value;
      }
      at = ATTRIBUTE.lastIndex;
    }
    TAG_END.lastIndex = at;
    const tagEnd = TAG_END.exec(text);
    if (!tagEnd) {
      UNFINISHED_ATTRIBUTE.lastIndex = at;
      return UNFINISHED_ATTRIBUTE.test(text) ? 'unfinished' : 'unexpected';
    }
    let end = TAG_END.lastIndex;
    if (tagEnd[1] !== '/') {
      const close = text.indexOf(closing, end);
      if (close === -1) return 'unfinished';
      end = close + closing.length;
    }
    return hasOddAddress || address === undefined ? { end } : { end, address };
  }
}
