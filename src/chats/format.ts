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

/**
 * What a chat-export format says about itself, cheap to import (`formats/<id>/descriptor.ts`): the
 * registry lists these, so `add --help`, `--format`'s check and detection load no parser. Adding a
 * format is one folder (its descriptor, its parser) and one line in the registry; nothing else in
 * intake, the findings or the PDF names a format.
 */
export interface ChatFormatDescriptor {
  /** Stable id used by --format and stored in exhibits, as whatsapp or sms-backup. */
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
   * The export names each sender by username, the account's handle (Snapchat, TikTok), not by a
   * display name: the findings take such a sender as an @handle.
   */
  readonly isSenderAUsername?: boolean;
  /**
   * How confident this format is that the export is its own, from 0 (no) to 1 (certain).
   * Reads only what it needs (entry names, first bytes). Written in the format's detect.ts, loaded
   * when first asked, which loads no parser (JSON, HTML, XML, e-mail) to do it.
   */
  detect(source: ExportSource): Promise<number>;
  /** The format with its parser, loaded when an export of it is read. */
  load(): Promise<ChatFormat>;
}

/** What a format's parser module gives (`formats/<id>/parse.ts`), loaded by its descriptor. */
export interface ChatFormatParser {
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

/** A chat-export format with its parser loaded: what reading an export uses. */
export interface ChatFormat extends ChatFormatDescriptor, ChatFormatParser {}
