import { DateTime } from 'luxon';
import type { CaseFile } from '../model/case-schema.js';
import type { ChatMessage, ConversationHeader, MessageTime } from '../model/conversation.js';
import type { CustodyEntry } from '../model/custody.js';
import type { Exhibit } from '../model/exhibit.js';
import type { AuthorIdentifier, Facts, Payment, StepTaken } from '../model/facts.js';
import type { RecordedTime } from '../model/time.js';
import type { TimestampSummary } from '../model/timestamp.js';

/** A highlighted message (`preuve highlight P<n> <seq> --note`), resolved from the conversation. */
export interface HighlightedMessage {
  readonly exhibitNumber: number;
  readonly seq: number;
  readonly note?: string;
  readonly time?: MessageTime;
  readonly sender?: string;
  readonly text?: string;
}

/** First and last message of a conversation exhibit, from its header. */
export interface ConversationBounds {
  readonly exhibitNumber: number;
  readonly first?: MessageTime;
  readonly last?: MessageTime;
  /** An e-mail is one dated event: its subject names it in the chronology. */
  readonly emailSubject?: string;
}

export interface DossierInput {
  readonly caseFile: CaseFile;
  readonly custody: readonly CustodyEntry[];
  /** computeFingerprint(caseFile.exhibits) */
  readonly fingerprint: string;
  /** When the dossier is generated (injected clock), UTC ISO. */
  readonly generatedAt: string;
  readonly toolVersion: string;
  readonly machine: { readonly os: string; readonly node: string };
  readonly timestamps?: readonly TimestampSummary[];
  /** From {@link collectConversationExtras}; without them the chronology lacks those lines. */
  readonly conversationBounds?: readonly ConversationBounds[];
  readonly highlightedMessages?: readonly HighlightedMessage[];
  /** The ZIP beside this PDF is encrypted (AES-256): the cover says how to open it. */
  readonly isZipEncrypted?: boolean;
}

/** A time as printed in the dossier: always with its source, and its zone or the lack of one. */
export interface DisplayTime {
  readonly source: RecordedTime['source'];
  readonly instant?: string;
  readonly offset?: string;
  readonly wallClock?: string;
  readonly zone?: string;
  readonly isZoneAssumed?: boolean;
  readonly precision: RecordedTime['precision'];
  readonly note?: string;
}

export type ChronologyKind =
  | 'first-contact'
  | 'threat'
  | 'demand'
  | 'payment'
  | 'step'
  | 'author-first-seen'
  | 'author-last-seen'
  | 'exhibit-time'
  | 'conversation-first'
  | 'conversation-last'
  | 'email'
  | 'highlight';

export interface ChronologyEntry {
  readonly kind: ChronologyKind;
  readonly time: DisplayTime;
  readonly exhibitNumber?: number;
  /** Message number for highlights. */
  readonly seq?: number;
  /** Short free text: threat description, step kind, highlight note… */
  readonly text?: string;
  /** An excerpt of a highlighted message, to print between quotes. */
  readonly quote?: string;
  /** For demands and payments (printed in the dossier's language). */
  readonly payment?: Pick<Payment, 'amount' | 'currency' | 'method'>;
  /** For steps taken. */
  readonly step?: Pick<StepTaken, 'kind' | 'reference'>;
}

export interface DossierCounts {
  readonly exhibits: number;
  readonly sensitive: number;
  readonly images: number;
  readonly conversations: number;
  readonly messages: number;
  readonly files: number;
  readonly bytes: number;
}

/** Everything the PDF shows except conversation messages (streamed by the renderer). */
export interface DossierModel {
  readonly reference: string;
  readonly language: 'fr' | 'en';
  readonly timeZone: string;
  readonly generatedAt: DisplayTime;
  readonly toolVersion: string;
  readonly machine: { readonly os: string; readonly node: string };
  readonly operator: { readonly name: string; readonly organisation?: string };
  readonly fingerprint: string;
  readonly facts: Facts;
  readonly counts: DossierCounts;
  readonly authorIdentifiers: readonly AuthorIdentifier[];
  /** Demands and payments in date order (undated last). */
  readonly payments: readonly Payment[];
  readonly chronology: readonly ChronologyEntry[];
  /** In exhibit-number order. */
  readonly exhibits: readonly Exhibit[];
  readonly highlightedMessages: readonly HighlightedMessage[];
  readonly custody: readonly CustodyEntry[];
  readonly timestamps: readonly TimestampSummary[];
  readonly isZipEncrypted: boolean;
  /** The operator who signed the dossier, and their key's fingerprint (build --sign). */
  readonly signer?: {
    readonly name: string;
    readonly organisation?: string;
    readonly keyFingerprint: string;
  };
}

/**
 * Puts together what the dossier shows, from the case alone. Pure: the clock, the machine and the
 * conversation extras come in as input; the case's zone (never the machine's) reads declared dates.
 */
export function assembleDossier(input: DossierInput): DossierModel {
  const { caseFile } = input;
  const zone = caseFile.timeZone;
  const facts = caseFile.facts;
  const exhibits = [...caseFile.exhibits].sort((a, b) => a.number - b.number);
  const highlightedMessages = [...(input.highlightedMessages ?? [])].sort(
    (a, b) => a.exhibitNumber - b.exhibitNumber || a.seq - b.seq,
  );
  return {
    reference: caseFile.reference,
    language: caseFile.language,
    timeZone: zone,
    generatedAt: {
      source: 'clock',
      instant: input.generatedAt,
      offset: offsetAt(input.generatedAt, zone),
      zone,
      precision: 'second',
    },
    toolVersion: input.toolVersion,
    machine: input.machine,
    operator: caseFile.operator,
    fingerprint: input.fingerprint,
    facts,
    counts: countExhibits(exhibits),
    authorIdentifiers: facts.authorIdentifiers ?? [],
    payments: sortByDeclaredDate(facts.payments ?? [], zone),
    chronology: buildChronology(input, exhibits, highlightedMessages, zone),
    exhibits,
    highlightedMessages,
    custody: [...input.custody].sort((a, b) => a.seq - b.seq),
    timestamps: input.timestamps ?? [],
    isZipEncrypted: input.isZipEncrypted ?? false,
  };
}

/**
 * Reads what the chronology needs from the conversations: each header's first and last message,
 * and the highlighted messages (one streaming pass over the conversations that have highlights).
 */
export async function collectConversationExtras(
  exhibits: readonly Exhibit[],
  readHeader: (exhibit: Exhibit) => Promise<ConversationHeader>,
  readMessages: (exhibit: Exhibit) => AsyncIterable<ChatMessage>,
): Promise<{
  conversationBounds: ConversationBounds[];
  highlightedMessages: HighlightedMessage[];
}> {
  const conversationBounds: ConversationBounds[] = [];
  const highlightedMessages: HighlightedMessage[] = [];
  for (const exhibit of exhibits) {
    // Every conversation-like exhibit (chat, SMS, e-mail) has its place in the chronology.
    if (exhibit.isSensitive || !exhibit.conversation || exhibit.withdrawn) continue;
    const header = await readHeader(exhibit);
    conversationBounds.push({
      exhibitNumber: exhibit.number,
      first: header.firstMessageAt,
      last: header.lastMessageAt,
      ...(exhibit.kind === 'email'
        ? { emailSubject: header.metadata.subject ?? header.title }
        : {}),
    });
    const wanted = new Map((exhibit.highlights ?? []).map((h) => [h.seq, h.note]));
    if (wanted.size === 0) continue;
    for await (const message of readMessages(exhibit)) {
      if (!wanted.has(message.seq)) continue;
      highlightedMessages.push({
        exhibitNumber: exhibit.number,
        seq: message.seq,
        note: wanted.get(message.seq),
        time: message.time,
        sender: message.sender,
        text: message.text,
      });
      wanted.delete(message.seq);
      if (wanted.size === 0) break;
    }
    for (const [seq, note] of wanted) {
      highlightedMessages.push({ exhibitNumber: exhibit.number, seq, note });
    }
  }
  return { conversationBounds, highlightedMessages };
}

/** A declared date (`YYYY-MM-DD`, local `YYYY-MM-DDTHH:mm`, or ISO instant) as a display time. */
export function declaredTime(
  value: string,
  zone: string,
  source: DisplayTime['source'] = 'declared',
): DisplayTime {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value) && value.includes('T')) {
    // A UTC instant (as an export gives it) reads in the case's zone; a typed offset is kept.
    const parsed = value.endsWith('Z')
      ? DateTime.fromISO(value, { zone })
      : DateTime.fromISO(value, { setZone: true });
    const instant = parsed.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
    return { source, instant, offset: parsed.toFormat('ZZ'), precision: 'minute' };
  }
  const isDay = value.length === 10;
  const local = DateTime.fromISO(value, { zone });
  return {
    source,
    wallClock: value,
    zone,
    isZoneAssumed: true,
    instant: local.isValid
      ? (local.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined)
      : undefined,
    precision: isDay ? 'day' : 'minute',
  };
}

/** A chat message time as a display time (source: the export). */
export function messageDisplayTime(time: MessageTime): DisplayTime {
  return {
    source: 'export',
    instant: time.instant,
    wallClock: time.wallClock,
    zone: time.zone,
    isZoneAssumed: time.wallClock !== undefined && time.zone !== undefined,
    precision: time.precision,
  };
}

function buildChronology(
  input: DossierInput,
  exhibits: readonly Exhibit[],
  highlights: readonly HighlightedMessage[],
  zone: string,
): ChronologyEntry[] {
  const facts = input.caseFile.facts;
  const entries: ChronologyEntry[] = [];
  const firstRef = (refs: readonly string[] | undefined) =>
    refs?.[0] ? Number(refs[0].slice(1)) : undefined;
  if (facts.firstContactDate) {
    entries.push({ kind: 'first-contact', time: declaredTime(facts.firstContactDate, zone) });
  }
  for (const threat of facts.threats ?? []) {
    if (!threat.date) continue;
    entries.push({
      kind: 'threat',
      time: declaredTime(threat.date, zone),
      text: threat.description,
      exhibitNumber: firstRef(threat.exhibits),
    });
  }
  for (const payment of facts.payments ?? []) {
    if (!payment.date) continue;
    entries.push({
      kind: payment.status === 'paid' ? 'payment' : 'demand',
      time: declaredTime(payment.date, zone),
      payment: { amount: payment.amount, currency: payment.currency, method: payment.method },
      text: payment.note,
      exhibitNumber: firstRef(payment.exhibits),
    });
  }
  for (const step of facts.stepsTaken ?? []) {
    if (!step.date) continue;
    entries.push({
      kind: 'step',
      time: declaredTime(step.date, zone),
      step: { kind: step.kind, reference: step.reference },
      text: step.note,
    });
  }
  for (const author of facts.authorIdentifiers ?? []) {
    const who = author.handle ?? author.pseudonym ?? author.phone ?? author.email;
    const label = [author.platform, who].filter(Boolean).join(' ') || undefined;
    // Read in the evidence and accepted (preuve findings accept): its times are the messages'.
    const source = author.source === 'evidence' ? 'export' : 'declared';
    if (author.firstSeen) {
      entries.push({
        kind: 'author-first-seen',
        time: declaredTime(author.firstSeen, zone, source),
        text: label,
        exhibitNumber: firstRef(author.exhibits),
      });
    }
    if (author.lastSeen) {
      entries.push({
        kind: 'author-last-seen',
        time: declaredTime(author.lastSeen, zone, source),
        text: label,
        exhibitNumber: firstRef(author.exhibits),
      });
    }
  }
  for (const exhibit of exhibits) {
    // A conversation's times are its first and last messages (below). A file's modification time on
    // this computer is the day the copy reached it, not an event: it stays on the exhibit's page.
    if (exhibit.conversation) continue;
    for (const time of exhibit.times) {
      if (time.source === 'file-mtime') continue;
      entries.push({ kind: 'exhibit-time', time, exhibitNumber: exhibit.number });
    }
  }
  for (const bounds of input.conversationBounds ?? []) {
    if (bounds.emailSubject !== undefined) {
      if (bounds.first) {
        entries.push({
          kind: 'email',
          time: messageDisplayTime(bounds.first),
          quote: bounds.emailSubject,
          exhibitNumber: bounds.exhibitNumber,
        });
      }
      continue;
    }
    if (bounds.first) {
      entries.push({
        kind: 'conversation-first',
        time: messageDisplayTime(bounds.first),
        exhibitNumber: bounds.exhibitNumber,
      });
    }
    if (bounds.last) {
      entries.push({
        kind: 'conversation-last',
        time: messageDisplayTime(bounds.last),
        exhibitNumber: bounds.exhibitNumber,
      });
    }
  }
  for (const highlight of highlights) {
    if (!highlight.time) continue;
    entries.push({
      kind: 'highlight',
      time: messageDisplayTime(highlight.time),
      exhibitNumber: highlight.exhibitNumber,
      seq: highlight.seq,
      text: highlight.note,
      quote: highlight.text ? excerptOf(highlight.text) : undefined,
    });
  }
  return stableSortByInstant(entries, (e) => e.time.instant);
}

function countExhibits(exhibits: readonly Exhibit[]): DossierCounts {
  let files = 0;
  let bytes = 0;
  for (const exhibit of exhibits) {
    files += exhibit.files.length;
    for (const file of exhibit.files) bytes += file.size;
  }
  return {
    exhibits: exhibits.length,
    sensitive: exhibits.filter((e) => e.isSensitive).length,
    images: exhibits.filter((e) => e.kind === 'image' && !e.isSensitive).length,
    conversations: exhibits.filter((e) => e.kind === 'conversation').length,
    messages: exhibits.reduce((sum, e) => sum + (e.conversation?.messageCount ?? 0), 0),
    files,
    bytes,
  };
}

function sortByDeclaredDate<T extends { readonly date?: string }>(
  items: readonly T[],
  zone: string,
): T[] {
  return stableSortByInstant(items, (item) =>
    item.date ? declaredTime(item.date, zone).instant : undefined,
  );
}

/** Sorts by instant, undated items last, equal instants in their original order. */
function stableSortByInstant<T>(
  items: readonly T[],
  instantOf: (item: T) => string | undefined,
): T[] {
  return items
    .map((item, index) => ({ item, index, ms: msOf(instantOf(item)) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map((x) => x.item);
}

function msOf(instant: string | undefined): number {
  const ms = instant ? Date.parse(instant) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function offsetAt(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toFormat('ZZ');
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
