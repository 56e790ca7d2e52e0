import { detach } from '../../text-lines.js';
import { MARKS, stripLeadingMarks } from './header.js';
import { findPhrase, type Language, STRONG_SYSTEM, SYSTEM } from './vocabulary.js';

/** How the part of a line after the header reads, before knowing the file's authors. */
export type RestReading =
  | {
      readonly kind: 'system';
      readonly text: string;
      readonly language?: Language;
      /** The group or contact name recent iPhone exports write as the author of system lines. */
      readonly titleAuthor?: string;
    }
  | { readonly kind: 'message'; readonly author: string; readonly body: string }
  /** Reads as a system sentence containing `: `; a message only if `author` writes elsewhere. */
  | {
      readonly kind: 'system-or-message';
      readonly author: string;
      readonly body: string;
      readonly text: string;
      readonly language: Language;
    };

const AUTHOR_SEPARATOR = ': ';
const MAX_SPLITS = 6;
const MAX_AUTHOR_LENGTH = 100;

/**
 * Splits `Author: text`, first trying the system sentences so that `Marie a créé le groupe
 * « Famille : été »` is not read as a message from "Marie a créé le groupe « Famille".
 */
export function readRest(rest: string): RestReading {
  const stripped = stripLeadingMarks(rest);
  const first = rest.indexOf(AUTHOR_SEPARATOR);
  if (first <= 0) {
    // `Léa:` alone: an empty message (trailing space lost), not a system line.
    if (rest.endsWith(':') && !rest.slice(0, -1).includes(' ')) {
      return { kind: 'message', author: cleanName(rest.slice(0, -1)), body: '' };
    }
    return systemReading(stripped);
  }

  // Recent iPhone exports: `Group : name: ⟨LRM⟩Sam added you`; the title may itself hold `: `.
  let index = first;
  for (let splits = 0; index > 0 && index <= MAX_AUTHOR_LENGTH && splits < MAX_SPLITS; splits++) {
    const body = rest.slice(index + AUTHOR_SEPARATOR.length);
    const hasMark = /^[\u200E\u200F]/.test(body);
    const phrase = findPhrase(hasMark ? SYSTEM : STRONG_SYSTEM, stripLeadingMarks(body));
    if (phrase) {
      return {
        kind: 'system',
        text: stripLeadingMarks(body),
        language: phrase.language,
        titleAuthor: cleanName(rest.slice(0, index)),
      };
    }
    index = rest.indexOf(AUTHOR_SEPARATOR, index + 1);
  }

  const author = cleanName(rest.slice(0, first));
  const body = rest.slice(first + AUTHOR_SEPARATOR.length);
  if (isSystemLikeAuthor(rest.slice(0, first))) {
    const wholeSentence = findPhrase(SYSTEM, stripped);
    if (wholeSentence) {
      const language = wholeSentence.language;
      return { kind: 'system-or-message', author, body, text: stripped, language };
    }
  }
  return { kind: 'message', author, body };
}

/** Whether an author part reads like the start of a system sentence; memoised, as authors repeat. */
function isSystemLikeAuthor(rawAuthor: string): boolean {
  let isSystemLike = SYSTEM_LIKE_AUTHORS.get(rawAuthor);
  if (isSystemLike === undefined) {
    isSystemLike = findPhrase(SYSTEM, stripLeadingMarks(rawAuthor)) !== undefined;
    if (SYSTEM_LIKE_AUTHORS.size > 10_000) SYSTEM_LIKE_AUTHORS.clear();
    SYSTEM_LIKE_AUTHORS.set(detach(rawAuthor), isSystemLike);
  }
  return isSystemLike;
}

const SYSTEM_LIKE_AUTHORS = new Map<string, boolean>();

function systemReading(text: string): RestReading {
  const phrase = findPhrase(SYSTEM, text);
  return phrase ? { kind: 'system', text, language: phrase.language } : { kind: 'system', text };
}

/** Author as shown: bidi marks dropped, no-break spaces made plain (`⟨LRE⟩+33 6 00…⟨PDF⟩`). */
export function cleanName(raw: string): string {
  let clean = CLEAN_NAMES.get(raw);
  if (clean === undefined) {
    clean = detach(cleanNameOnce(raw));
    if (CLEAN_NAMES.size > 10_000) CLEAN_NAMES.clear();
    CLEAN_NAMES.set(detach(raw), clean);
  }
  return clean;
}

/** Authors repeat on every line: each is cleaned once. */
const CLEAN_NAMES = new Map<string, string>();

function cleanNameOnce(raw: string): string {
  return raw
    .replace(MARKS, '')
    .replace(/[\u00A0\u202F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `+33600000012` for a name that is a phone number, else undefined. */
export function phoneNumberOf(name: string): string | undefined {
  if (PHONE_NUMBERS.has(name)) return PHONE_NUMBERS.get(name);
  const number = phoneNumberOnce(name);
  if (PHONE_NUMBERS.size > 10_000) PHONE_NUMBERS.clear();
  PHONE_NUMBERS.set(detach(name), number === undefined ? undefined : detach(number));
  return number;
}

/** Names repeat on every line: each is read once. */
const PHONE_NUMBERS = new Map<string, string | undefined>();

function phoneNumberOnce(name: string): string | undefined {
  if (!/^\+?[\d\s().-]{6,}$/.test(name)) return undefined;
  const digits = name.replace(/[^\d]/g, '');
  return name.startsWith('+') ? `+${digits}` : digits;
}
