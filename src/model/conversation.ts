import type { Message } from './messages.js';
import type { TimeSource } from './time.js';
/**
 * The conversation model every chat-export parser produces, whatever the app.
 * Parsers are pure: no file system except through an {@link ExportSource}, no clock,
 * no machine time zone (the zone comes in {@link ParseOptions}).
 */

/** When a message was sent, as precisely as the export says. */
export interface MessageTime {
  /** ISO 8601 UTC (`…Z`). Exact when the source gives an instant; else derived from wallClock + zone. */
  readonly instant?: string;
  /** Local wall-clock time as written in the export (`YYYY-MM-DDTHH:mm[:ss]`), when it has no offset. */
  readonly wallClock?: string;
  /** IANA zone used to interpret `wallClock` (recorded, never the machine's). */
  readonly zone?: string;
  readonly precision: 'ms' | 'second' | 'minute';
  /** The wall-clock time falls in a DST gap or repeated hour: the instant is one of two or none. */
  readonly isDstAmbiguous?: boolean;
  /**
   * The export's time value as written, when it is no readable time (NaN, or beyond ±10,000
   * years): the message is kept and shown with "heure illisible" and this value, not dropped.
   */
  readonly unreadable?: string;
}

export type AttachmentKind = 'image' | 'video' | 'audio' | 'sticker' | 'document' | 'other';

/**
 * A file stored inside an export entry rather than as a file of its own (an MMS part in base64 in
 * an SMS backup, an e-mail attachment inside the `.eml`). Its bytes come from the format's
 * `openEmbedded(source, embedded)`.
 */
export interface EmbeddedRef {
  /** The export entry holding it (`sms-20240313.xml`, `threat.eml`). */
  readonly entryPath: string;
  /** The format's own reference to it inside that entry (opaque to the ingest layer). */
  readonly ref: string;
}

/** A file a message refers to. Hashes are filled in by the ingest layer, not by parsers. */
export interface Attachment {
  /** File name as referenced in the message. */
  readonly name: string;
  /** Path of the file inside the export (zip entry or relative path in the folder), when found. */
  readonly exportPath?: string;
  readonly kind: AttachmentKind;
  /** MIME type when the export states it (MMS part `ct`, e-mail `Content-Type`). */
  readonly mime?: string;
  /** Set when the file is inside an export entry, not a file of its own. */
  readonly embedded?: EmbeddedRef;
  /** Referenced by the message but not present in the export ("File not included", missing file). */
  readonly isMissing?: boolean;
  /** Set by ingest: hashed in place, never extracted (sensitive or --exclude-attachment). */
  readonly isExcluded?: boolean;
  readonly sha256?: string;
  readonly size?: number;
  /** Set by ingest: path of the copy, relative to the case folder. */
  readonly storedPath?: string;
}

export interface MessageFlags {
  readonly isSystem?: boolean;
  readonly isDeleted?: boolean;
  readonly isEdited?: boolean;
  readonly isViewOnce?: boolean;
  readonly isMediaOmitted?: boolean;
  /** Content not kept by the export (Snapchat null Content, empty body). */
  readonly isContentMissing?: boolean;
  readonly isForwarded?: boolean;
}

/** Where a message came from in the export, so a reviewer can check it. */
export interface MessageSource {
  /** Path of the file inside the export (e.g. `_chat.txt`, `messages/inbox/x/message_1.json`). */
  readonly file: string;
  readonly lineStart?: number;
  readonly lineEnd?: number;
  /** JSON pointer for JSON formats (`/messages/12`). */
  readonly jsonPath?: string;
  /** The untouched raw text (text formats), capped by the parser. */
  readonly raw?: string;
}

export interface ChatMessage {
  /** Position in source order, from 0. */
  readonly seq: number;
  /** Display name as the export gives it (cleaned of bidi marks); absent for system messages. */
  readonly sender?: string;
  /** Stable id, phone number or handle when the export has one. */
  readonly senderId?: string;
  readonly time: MessageTime;
  readonly text: string;
  readonly attachments: readonly Attachment[];
  readonly flags: MessageFlags;
  readonly source: MessageSource;
  /** Id of the message in the export, kept as a string (Discord snowflakes exceed 2^53). */
  readonly id?: string;
  readonly replyToId?: string;
  readonly reactions?: readonly { readonly emoji: string; readonly by?: string }[];
  /** Links shared in the message (Instagram `share.link`, …). */
  readonly links?: readonly string[];
}

export interface Participant {
  readonly name: string;
  readonly id?: string;
  /** True for the person who made the export, when known. */
  readonly isExporter?: boolean;
}

/** Something the parser had to decide that the export did not state. Shown in the dossier. */
export interface Inference {
  readonly kind:
    | 'date-order'
    | 'time-zone'
    | 'encoding-repair'
    | 'out-of-order'
    | 'author-split'
    | 'mixed-formats'
    | 'other';
  /** What was decided, e.g. "dates read as day/month/year". */
  readonly decision: string;
  /** Why, e.g. "a day greater than 12 appears on line 4 (25/03/2024)". */
  readonly reason: string;
  /** The same decision and reason as codes, rendered in the dossier's language (see inferred()). */
  readonly messages?: { readonly decision: Message; readonly reason: Message };
}

/** Everything about a conversation except its messages. */
export interface ConversationHeader {
  /** Format id from the registry, e.g. `whatsapp`. */
  readonly format: string;
  /** Human title: chat or thread name. */
  readonly title: string;
  readonly participants: readonly Participant[];
  readonly messageCount: number;
  readonly firstMessageAt?: MessageTime;
  readonly lastMessageAt?: MessageTime;
  /** Where the first and last times come from, when not from messages' times (an e-mail's headers). */
  readonly timesSource?: Extract<TimeSource, 'email-date' | 'email-received'>;
  /** The export's own metadata (platform variant, locale hints, thread path, …). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly inferences: readonly Inference[];
  /** Findings about what the export cannot hold (e.g. "a Discord data package holds only the account holder's messages"). */
  readonly notes: readonly (string | Message)[];
  /** Files of the export that no message references (kept and listed). */
  readonly unreferencedFiles: readonly string[];
}

/**
 * What a format needs to read a conversation's messages again from its chat file alone (the
 * evidence copy), without the export: decisions taken over the whole file (date order, authors).
 * Stored instead of a copy of every message (see ChatFormat.replay).
 */
export interface ReplayRecipe {
  readonly format: string;
  /** The export entry the messages are read from (`_chat.txt`). */
  readonly file: string;
  /** The format's own plan, JSON. */
  readonly plan: unknown;
}

/** A parsed conversation. `messages()` streams; it can be called more than once. */
export interface ParsedConversation {
  readonly header: ConversationHeader;
  messages(): AsyncIterable<ChatMessage>;
  /** Set when the format can read the messages again from `replay.file` alone. */
  readonly replay?: ReplayRecipe;
  /**
   * For formats that can find the messages with attachments without building every message:
   * the export files all messages come from, and those messages (as filtering `messages()` gives).
   */
  readonly references?: {
    readonly sourceFiles: readonly string[];
    attachmentMessages(): AsyncIterable<ChatMessage>;
  };
}
