import type { AttachmentKind } from '../../../model/conversation.js';
import { MARKS, stripLeadingMarks } from './header.js';
import {
  ATTACHED_OLD,
  ATTACHED_SUFFIX,
  ATTACHED_TAG,
  ATTACHMENT_WORD_LANGUAGE,
  DELETED,
  findPhrase,
  type Language,
  MEDIA_OMITTED,
  VIEW_ONCE,
} from './vocabulary.js';

/** What the first line of a message body says, before continuation lines are added. */
export type BodyOpening =
  | {
      readonly kind: 'attachment';
      readonly fileName: string;
      readonly caption: string;
      readonly language?: Language;
    }
  | { readonly kind: 'deleted'; readonly isByExporter: boolean; readonly language: Language }
  | { readonly kind: 'media-omitted'; readonly language: Language }
  | { readonly kind: 'view-once'; readonly language: Language }
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string };

/** Reads the first line of a body (after `Author: `). */
export function readBodyOpening(firstLine: string): BodyOpening {
  const text = stripLeadingMarks(firstLine);
  const bare = text.replace(MARKS, '').trim();
  if (bare === '' || bare === 'null') return { kind: 'empty' };

  const tag = ATTACHED_TAG.exec(bare);
  if (tag) {
    return withLanguage({ kind: 'attachment', fileName: tag[2]!, caption: tag[3] ?? '' }, tag[1]!);
  }
  const suffix = bare.endsWith(')') ? ATTACHED_SUFFIX.exec(bare) : null;
  if (suffix) {
    // `Invoice.pdf • 2 pages (file attached)`: the name is before the bullet.
    const fileName = suffix[1]!.split(' • ')[0]!.trim();
    return withLanguage({ kind: 'attachment', fileName, caption: '' }, suffix[2]!);
  }
  const old = bare.endsWith('>') ? ATTACHED_OLD.exec(bare) : null;
  if (old) return { kind: 'attachment', fileName: old[1]!, caption: '', language: 'en' };

  const deleted = findPhrase(DELETED, bare);
  if (deleted)
    return { kind: 'deleted', isByExporter: deleted.isByExporter, language: deleted.language };
  const omitted = findPhrase(MEDIA_OMITTED, bare);
  if (omitted) return { kind: 'media-omitted', language: omitted.language };
  const viewOnce = findPhrase(VIEW_ONCE, bare);
  if (viewOnce) return { kind: 'view-once', language: viewOnce.language };
  return { kind: 'text', text };
}

function withLanguage(
  opening: { kind: 'attachment'; fileName: string; caption: string },
  word: string,
): BodyOpening {
  const language = ATTACHMENT_WORD_LANGUAGE[word.toLowerCase()];
  return language === undefined ? opening : { ...opening, language };
}

/** Attachment kind from WhatsApp's file naming (`IMG-`, `PTT-`, `-PHOTO-`…), then the extension. */
export function guessAttachmentKind(fileName: string): AttachmentKind {
  const upper = fileName.toUpperCase();
  if (/^STK-|-STICKER-/.test(upper)) return 'sticker';
  if (/^IMG-|-PHOTO-/.test(upper)) return 'image';
  if (/^VID-|-VIDEO-|-GIF-/.test(upper)) return 'video';
  if (/^(?:PTT|AUD)-|-AUDIO-/.test(upper)) return 'audio';
  if (/^DOC-/.test(upper)) return 'document';
  const extension = upper.slice(upper.lastIndexOf('.') + 1);
  if (['JPG', 'JPEG', 'PNG', 'HEIC', 'HEIF', 'GIF', 'BMP'].includes(extension)) return 'image';
  if (extension === 'WEBP') return 'sticker';
  if (['MP4', 'MOV', '3GP', 'MKV', 'WEBM'].includes(extension)) return 'video';
  if (['OPUS', 'OGG', 'M4A', 'MP3', 'AAC', 'WAV', 'AMR'].includes(extension)) return 'audio';
  if (
    ['PDF', 'DOC', 'DOCX', 'XLS', 'XLSX', 'PPT', 'PPTX', 'TXT', 'VCF', 'ODT'].includes(extension)
  ) {
    return 'document';
  }
  return 'other';
}
