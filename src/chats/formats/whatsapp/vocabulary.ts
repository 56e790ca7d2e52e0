/**
 * The sentences WhatsApp writes into exports, per language. Sources: CHAT-FORMATS.md §1 (and the
 * parsers it cites); strings marked "unverified" there are kept but only ever set a flag.
 */

export type Language = 'en' | 'fr' | 'de' | 'es' | 'pt' | 'it' | 'nl';

/** Languages whose date order is always day/month/year. English is not one (US vs UK). */
export const DAY_FIRST_LANGUAGES: ReadonlySet<Language> = new Set([
  'fr',
  'de',
  'es',
  'pt',
  'it',
  'nl',
]);

interface Phrase {
  readonly pattern: RegExp;
  readonly language: Language;
}

/** Whole-body placeholders for media left out of a "without media" export. */
export const MEDIA_OMITTED: readonly Phrase[] = [
  { pattern: /^<Media omitted>$/i, language: 'en' },
  {
    pattern:
      /^(?:image|video|audio|sticker|GIF|document|Contact card|video note|voice message)\s+omitted$/i,
    language: 'en',
  },
  { pattern: /^.+\sdocument omitted$/i, language: 'en' },
  { pattern: /^<Médias omis>$/i, language: 'fr' },
  {
    pattern:
      /^(?:image|vidéo|audio|sticker|autocollant|GIF|document|carte de contact|note vidéo)\s+(?:absente?|omise?|retirée?)$/i,
    language: 'fr',
  },
  { pattern: /^<Medien ausgeschlossen>$/i, language: 'de' },
  {
    pattern: /^(?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte)\s+weggelassen$/i,
    language: 'de',
  },
  { pattern: /^<Multimedia omitido>$/i, language: 'es' },
  { pattern: /^(?:imagen|video|vídeo|audio|sticker|GIF|documento)\s+omitid[oa]$/i, language: 'es' },
  { pattern: /^<(?:Mídia oculta|Arquivo de mídia oculto)>$/i, language: 'pt' },
  { pattern: /^<Media omessi>$/i, language: 'it' },
  { pattern: /^<Media weggelaten>$/i, language: 'nl' },
];

/** View-once media (never exported). Unverified wording: only sets a flag. */
export const VIEW_ONCE: readonly Phrase[] = [
  {
    pattern: /^<?view[- ]once (?:photo|video|voice message|message|media)(?: omitted)?>?$/i,
    language: 'en',
  },
  { pattern: /^<?(?:photo|vidéo|message|média) à vue unique(?: omise?)?>?$/i, language: 'fr' },
];

/** Deleted messages. `isByExporter`: the "You deleted" form, written under the exporter's name. */
export const DELETED: readonly (Phrase & { readonly isByExporter: boolean })[] = [
  { pattern: /^This message was deleted\.?$/i, language: 'en', isByExporter: false },
  { pattern: /^You deleted this message\.?$/i, language: 'en', isByExporter: true },
  { pattern: /^Ce message a été supprimé\.?$/i, language: 'fr', isByExporter: false },
  { pattern: /^Vous avez supprimé ce message\.?$/i, language: 'fr', isByExporter: true },
  { pattern: /^Diese Nachricht wurde gelöscht\.?$/i, language: 'de', isByExporter: false },
  { pattern: /^Du hast diese Nachricht gelöscht\.?$/i, language: 'de', isByExporter: true },
  { pattern: /^Se eliminó este mensaje\.?$/i, language: 'es', isByExporter: false },
  { pattern: /^Eliminaste este mensaje\.?$/i, language: 'es', isByExporter: true },
  { pattern: /^Mensagem apagada\.?$/i, language: 'pt', isByExporter: false },
  { pattern: /^Você apagou esta mensagem\.?$/i, language: 'pt', isByExporter: true },
  { pattern: /^Questo messaggio è stato eliminato\.?$/i, language: 'it', isByExporter: false },
  { pattern: /^Hai eliminato questo messaggio\.?$/i, language: 'it', isByExporter: true },
];

/** Marker appended to edited messages (French, German… wordings unverified). */
export const EDITED: readonly Phrase[] = [
  { pattern: /\s*<This message was edited>$/i, language: 'en' },
  { pattern: /\s*<Ce message a été modifié>$/i, language: 'fr' },
  { pattern: /\s*<Diese Nachricht wurde bearbeitet>$/i, language: 'de' },
  { pattern: /\s*<Se editó este mensaje\.?>$/i, language: 'es' },
  { pattern: /\s*<Mensagem editada>$/i, language: 'pt' },
  { pattern: /\s*<Messaggio modificato>$/i, language: 'it' },
];

/** Android: `IMG-….jpg (file attached)`, with the words in the phone's language. */
export const ATTACHED_SUFFIX =
  /^(.+?)\s*\((file attached|fichier joint|Datei angehängt|archivo adjunto|arquivo anexado|file allegato|bestand bijgevoegd)\)$/i;
/** iPhone: `<attached: 00000012-PHOTO-….jpg>`, French `< pièce jointe : … >`. */
export const ATTACHED_TAG =
  /^<\s*(attached|pièce jointe|adjunto|Anhang|anexado|allegato|bijlage)\s*:\s*(.+?)\s*>\s?(.*)$/i;
/** Older builds: `IMG-….jpg <attached>`. */
export const ATTACHED_OLD = /^(\S.*?\.\w{2,5})\s*<attached>$/i;

export const ATTACHMENT_WORD_LANGUAGE: Readonly<Record<string, Language>> = {
  'file attached': 'en',
  attached: 'en',
  'fichier joint': 'fr',
  'pièce jointe': 'fr',
  'datei angehängt': 'de',
  anhang: 'de',
  'archivo adjunto': 'es',
  adjunto: 'es',
  'arquivo anexado': 'pt',
  anexado: 'pt',
  'file allegato': 'it',
  allegato: 'it',
  'bestand bijgevoegd': 'nl',
  bijlage: 'nl',
};

/**
 * System sentences. `isStrong`: specific enough to mark a body as system even when it follows an
 * author (recent iPhone exports put the group or contact name there); the others do so only after
 * an LRM mark, or on an author-less line.
 */
export const SYSTEM: readonly (Phrase & { readonly isStrong: boolean })[] = [
  // English
  { pattern: /^Messages and calls are end-to-end encrypted/i, language: 'en', isStrong: true },
  { pattern: /^Your security code with .+ changed/i, language: 'en', isStrong: true },
  { pattern: /security code changed/i, language: 'en', isStrong: true },
  { pattern: /^(?:.+ created group|You created group) /i, language: 'en', isStrong: true },
  {
    pattern:
      / changed (?:this group's icon|the group description|the group name to|the subject (?:from .+ )?to )/i,
    language: 'en',
    isStrong: true,
  },
  { pattern: / changed their phone number/i, language: 'en', isStrong: true },
  { pattern: / joined using this group's invite link$/i, language: 'en', isStrong: true },
  {
    pattern: /^Missed (?:voice|video|group voice|group video) call/i,
    language: 'en',
    isStrong: false,
  },
  {
    pattern: /turned (?:on|off) disappearing messages|^Disappearing messages/i,
    language: 'en',
    isStrong: true,
  },
  { pattern: /^You (?:un)?blocked this contact/i, language: 'en', isStrong: true },
  { pattern: /^This chat is with a business account/i, language: 'en', isStrong: true },
  { pattern: /advanced chat privacy/i, language: 'en', isStrong: true },
  {
    pattern: /^.+ (?:added|removed) .+$|^.+ added you$|^.+ left$|^You (?:added|removed) /i,
    language: 'en',
    isStrong: false,
  },
  // French
  {
    pattern: /^Les messages et les appels sont chiffrés de bout en bout/i,
    language: 'fr',
    isStrong: true,
  },
  { pattern: /code de sécurité .*a changé/i, language: 'fr', isStrong: true },
  {
    pattern: /^(?:.+ a créé le groupe|Vous avez créé le groupe) /i,
    language: 'fr',
    isStrong: true,
  },
  {
    pattern:
      / a (?:changé|modifié) (?:l'icône|la description|le sujet|le nom) d[ue] (?:ce )?groupe/i,
    language: 'fr',
    isStrong: true,
  },
  { pattern: / a changé de numéro/i, language: 'fr', isStrong: true },
  {
    pattern: / a rejoint (?:le groupe )?(?:via|en utilisant) (?:le|ce) lien d'invitation/i,
    language: 'fr',
    isStrong: true,
  },
  { pattern: /^Appel (?:vocal|vidéo)(?: de groupe)? manqué/i, language: 'fr', isStrong: false },
  { pattern: /messages éphémères/i, language: 'fr', isStrong: true },
  { pattern: /^Vous avez (?:dé)?bloqué ce contact/i, language: 'fr', isStrong: true },
  { pattern: /confidentialité avancée des discussions/i, language: 'fr', isStrong: true },
  {
    pattern:
      /^.+ a (?:ajouté|retiré) .+$|^.+ vous a ajouté$|^.+ a été ajouté|^.+ (?:est parti|a quitté)|^Vous avez (?:ajouté|retiré) /i,
    language: 'fr',
    isStrong: false,
  },
  // German, Spanish: the most common ones
  {
    pattern: /^Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt/i,
    language: 'de',
    isStrong: true,
  },
  {
    pattern: /Sicherheitsnummer .*hat sich geändert|Sicherheitscode .*hat sich geändert/i,
    language: 'de',
    isStrong: true,
  },
  { pattern: / hat die Gruppe .+ erstellt/i, language: 'de', isStrong: true },
  {
    pattern: / hat .+ hinzugefügt$| hat die Gruppe verlassen$| hat .+ entfernt$/i,
    language: 'de',
    isStrong: false,
  },
  {
    pattern: /^Los mensajes y las llamadas están cifrados de extremo a extremo/i,
    language: 'es',
    isStrong: true,
  },
  { pattern: /Tu código de seguridad con .+ cambió/i, language: 'es', isStrong: true },
  { pattern: / creó el grupo /i, language: 'es', isStrong: true },
  { pattern: / añadió a .+$| salió del grupo$| eliminó a .+$/i, language: 'es', isStrong: false },
];

/** Group title from "created group" or rename sentences: the last quoted name. */
export const GROUP_TITLE =
  /(?:created group|a créé le groupe|changed the subject (?:from .+ )?to|changed the group name to|a changé le (?:sujet|nom) du groupe (?:de .+ )?(?:en|à)|hat die Gruppe|creó el grupo)\s*[«"“„]\s*(.+?)\s*[»"”“]/i;

/**
 * First match in a phrase table. Every message line goes through these tables, so each table is
 * first tested as one combined pattern; the phrases are tried one by one only on a hit.
 */
export function findPhrase<T extends Phrase>(table: readonly T[], text: string): T | undefined {
  let combined = COMBINED.get(table);
  if (combined === undefined) {
    combined = new RegExp(table.map((phrase) => `(?:${phrase.pattern.source})`).join('|'), 'i');
    COMBINED.set(table, combined);
  }
  if (!combined.test(text)) return undefined;
  return table.find((phrase) => phrase.pattern.test(text));
}

const COMBINED = new WeakMap<readonly Phrase[], RegExp>();

/** System phrases specific enough to mark a body as system even after an author. */
export const STRONG_SYSTEM = SYSTEM.filter((phrase) => phrase.isStrong);
