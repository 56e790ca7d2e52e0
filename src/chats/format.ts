import type { Readable } from 'node:stream';
import type { ChatMessage, EmbeddedRef, ParsedConversation } from '../model/conversation.js';
import type { MessageLanguage } from '../model/messages.js';
import type { ExportSource } from './export-source.js';

/** Options a parser receives. Time zone and date order come from the user, never the machine. */
export interface ParseOptions {
  /** IANA zone to interpret wall-clock times in (from --timezone or the case). */
  readonly timeZone: string;
  /** Forced day/month order for ambiguous exports (from --date-order). */
  readonly dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** Restrict to these threads/conversations (from --thread), by title or path. */
  readonly threads?: readonly string[];
  /** The case's language, for the few words a parser writes into the data (the phone's owner). */
  readonly language?: MessageLanguage;
}

/** One chat-export format. Adding a format is one file implementing this and one line in the registry. */
export interface ChatFormat {
  /** Stable id used by --format and stored in exhibits, e.g. `whatsapp`. */
  readonly id: string;
  /** Human label, e.g. "WhatsApp (Android/iPhone .txt export)". */
  readonly label: string;
  /** The app the conversations come from, as the dossier names it ("WhatsApp", "SMS"). */
  readonly app: string;
  /**
   * Content types (sniffed, never the file name) of a single file that may be this export, besides
   * a folder or a ZIP: only such files are offered to `detect`.
   */
  readonly fileTypes: readonly string[];
  /** The kind of exhibit a conversation becomes (default `conversation`). */
  readonly exhibitKind?: 'conversation' | 'email';
  /** The user's options this format reads, for help and checks (`--date-order`, `--thread`). */
  readonly options?: readonly ('dateOrder' | 'threads')[];
  /**
   * How confident this format is that the export is its own, from 0 (no) to 1 (certain).
   * Reads only what it needs (entry names, first bytes).
   */
  detect(source: ExportSource): Promise<number>;
  /** Parses every conversation in the export. Throws EvidenceError with a clear message on bad input. */
  parse(source: ExportSource, options: ParseOptions): Promise<ParsedConversation[]>;
  /**
   * Streams the bytes of an attachment stored inside an export entry (`Attachment.embedded`):
   * formats whose attachments are all files of their own do not implement it.
   */
  openEmbedded?(source: ExportSource, embedded: EmbeddedRef): Promise<Readable>;
  /**
   * Reads the messages again from a source holding only `ParsedConversation.replay.file`, with
   * the plan `parse` gave: the same messages, in the same order. Formats that set `replay` implement it.
   */
  replay?(source: ExportSource, plan: unknown): AsyncIterable<ChatMessage>;
}
