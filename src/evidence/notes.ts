import { readFileSync } from 'node:fs';

/** A finding written into an exhibit, in the case's language (templates/<lang>/notes.json). */
export type NoteKey =
  | 'emptyFile'
  | 'symlinkFollowed'
  | 'undecodableImage'
  | 'heicUndecodable'
  | 'sensitiveHashed'
  | 'sensitiveDescribed'
  | 'attachmentsExcluded'
  | 'containerNotCopied'
  | 'unreferencedNotCopied'
  | 'unreadableExport'
  | 'withdrawn'
  | 'markedSensitive'
  | 'markedNotSensitive'
  | 'timeFileMtime'
  | 'timeFileName'
  | 'timeExifNoZone';

export type NoteLanguage = 'fr' | 'en';

const cache = new Map<NoteLanguage, Record<NoteKey, string>>();

/** The text of a note with its `{placeholders}` filled in. */
export function noteText(
  language: NoteLanguage,
  key: NoteKey,
  params: Record<string, string | number> = {},
): string {
  let texts = cache.get(language);
  if (!texts) {
    texts = JSON.parse(
      readFileSync(new URL(`../../templates/${language}/notes.json`, import.meta.url), 'utf8'),
    ) as Record<NoteKey, string>;
    cache.set(language, texts);
  }
  return texts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
