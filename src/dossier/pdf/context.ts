import type { Attachment, ChatMessage, ConversationHeader } from '../../model/conversation.js';
import type { Exhibit } from '../../model/exhibit.js';
import type { Finding, Region } from '../../model/findings.js';
import type { DisplayTime, DossierModel } from '../assemble.js';
import type { DossierTexts } from './templates.js';
import type { DossierWriter } from './writer.js';

/** The text OCR read on an image, with the boxes of its lines and words in the oriented image's pixels. */
export interface ImageText {
  readonly text: string;
  readonly lines: readonly {
    readonly text: string;
    readonly box: Region;
    readonly words?: readonly { readonly text: string; readonly box: Region }[];
  }[];
}

/** What the renderer reads from the case folder, through callbacks (the core does no path logic). */
export interface DossierReaders {
  /** Streams a conversation exhibit's messages in order (flat memory whatever the size). */
  readMessages(exhibit: Exhibit): AsyncIterable<ChatMessage>;
  readHeader(exhibit: Exhibit): Promise<ConversationHeader>;
  /** Absolute path of the stored copy of an image exhibit, or null. Never called for sensitive exhibits. */
  readImage(exhibit: Exhibit): Promise<string | null> | string | null;
  /**
   * Absolute path of the stored copy of a picture attached to a message, or null when it must not
   * be drawn (sensitive exhibit, excluded or sensitive attachment, not copied). Optional: without
   * it every attachment stays described only.
   */
  readAttachmentImage?(exhibit: Exhibit, attachment: Attachment): string | null;
  /** Absolute path of the stored copy of a PDF document exhibit, or null. Optional. */
  readDocumentPdf?(exhibit: Exhibit): string | null;
  /** What OCR read on an image exhibit (derived/ocr/), or null. Never called for sensitive exhibits. */
  readImageText?(exhibit: Exhibit): Promise<ImageText | null>;
  /**
   * Findings the tool read in the evidence that the family did not accept (never from a sensitive
   * or withdrawn exhibit): printed in an annex as unconfirmed, never as facts. Optional.
   */
  readUnconfirmedFindings?(): Promise<readonly Finding[]>;
}

export interface RenderContext {
  readonly model: DossierModel;
  readonly texts: DossierTexts;
  readonly w: DossierWriter;
  readonly readers: DossierReaders;
  /**
   * Whether the dossier is PDF/A-3b: not when a reproduced PDF exhibit uses fonts it does not
   * embed (listed by exhibit, e.g. `P4 (Helvetica)`), since its pages keep them.
   */
  readonly archival: { readonly isPdfA: boolean; readonly nonEmbeddedFonts: readonly string[] };
  /** A time with its zone (or lack of one), in the case's conventions. */
  time(time: DisplayTime): string;
  /** The value, or "non renseigné". */
  orMissing(value: string | number | undefined | null): string;
}

/** One section of the PDF. The registry (sections/index.ts) lists them in order. */
export interface DossierSection {
  readonly id: string;
  render(ctx: RenderContext): Promise<void>;
}
