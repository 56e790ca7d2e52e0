import type { RecordedTime } from './time.js';

/** Every kind of exhibit, in the order `--kind` and a spec's `kind:` list them. */
export const EXHIBIT_KINDS = [
  'image',
  'conversation',
  'email',
  'document',
  'media',
  'sensitive',
  'other',
] as const;

export type ExhibitKind = (typeof EXHIBIT_KINDS)[number];

/** One file belonging to an exhibit, with its hash. */
export interface ExhibitFile {
  /** `original`: the file the user gave; `attachment`: a chat attachment; `export-file`: another file of a chat export. */
  readonly role: 'original' | 'attachment' | 'export-file';
  /** Name of the file as the user had it (or its path inside a chat export). */
  readonly name: string;
  /** Absolute path where it was taken from (for a zip member: `<zip>!/<entry>`). */
  readonly sourcePath: string;
  /** Path of the read-only copy relative to the case folder (`evidence/P1/capture.png`); absent when not copied. */
  readonly storedPath?: string;
  readonly size: number;
  readonly sha256: string;
  /** MIME type detected from the content (not the extension); `application/octet-stream` when unknown. */
  readonly mime: string;
  /** Hashed in place and never copied (sensitive, or an excluded attachment). */
  readonly isExcluded?: boolean;
  readonly excludedReason?: ExcludedReason;
}

/**
 * Why a file was hashed in place and not copied: intimate; kept out by the user; media of an
 * export no message names and nobody was asked about; withdrawn from the case after it was added.
 */
export type ExcludedReason = 'sensitive' | 'excluded-by-user' | 'unreferenced' | 'withdrawn';

export interface ImageInfo {
  readonly width?: number;
  readonly height?: number;
  /** Format as sharp reports it (png, jpeg, webp, heif…). */
  readonly format?: string;
  /** sharp could not decode the pixels (e.g. HEVC HEIC): kept and hashed, shown as a placeholder. */
  readonly isUndecodable?: boolean;
  readonly undecodableReason?: string;
}

/** Summary of a parsed chat export; the messages live in `derived/P<n>/`. */
export interface ConversationSummary {
  readonly format: string;
  readonly title: string;
  readonly messageCount: number;
  readonly participants: readonly string[];
  /** Paths relative to the case folder. */
  readonly headerPath: string;
  readonly messagesPath: string;
  readonly timeZone: string;
  readonly dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** The participant who is the child (add --victim-name), as the export names them. */
  readonly victimName?: string;
}

/** Why and when an exhibit's copies were removed from the case. */
export interface Withdrawal {
  readonly at: RecordedTime;
  readonly by: string;
  readonly reason: string;
}

/** A highlighted message (preuve highlight P<n> <seq> --note). */
export interface Highlight {
  readonly seq: number;
  readonly note?: string;
}

/** An exhibit (pièce): numbered P1, P2… in order of addition, never renumbered. */
export interface Exhibit {
  readonly number: number;
  readonly kind: ExhibitKind;
  readonly description?: string;
  /** Source app (WhatsApp, Instagram…). */
  readonly app?: string;
  readonly device?: string;
  /** For a sensitive exhibit: where it is on the device (never copied). */
  readonly where?: string;
  readonly isSensitive: boolean;
  /** Description-only sensitive exhibit: no file on this computer. */
  readonly isDescriptionOnly?: boolean;
  readonly addedAt: RecordedTime;
  readonly addedBy: string;
  readonly files: readonly ExhibitFile[];
  /** Times known about the content (EXIF, file name, mtime, first/last message…). */
  readonly times: readonly RecordedTime[];
  readonly image?: ImageInfo;
  readonly conversation?: ConversationSummary;
  readonly highlights?: readonly Highlight[];
  /** Taken back out of the case (preuve withdraw): copies removed, hashes and number kept. */
  readonly withdrawn?: Withdrawal;
  /** Plain-language findings: zero-byte file, symlink followed, HEIC not decodable… */
  readonly notes: readonly string[];
}

/** `P3` for exhibit number 3. */
export function formatExhibitId(exhibitNumber: number): string {
  return `P${exhibitNumber}`;
}
