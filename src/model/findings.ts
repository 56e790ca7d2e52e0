/**
 * Findings: what the evidence itself shows (identifiers, amounts, demands, threats, deadlines),
 * read from messages and from the text of images. They are suggestions until accepted.
 */

export type IdentifierKind =
  | 'phone'
  | 'email'
  | 'profile-link'
  | 'handle'
  | 'account-id'
  | 'iban'
  | 'bic'
  | 'bitcoin'
  | 'ethereum'
  | 'tron'
  | 'voucher';

export type SignalKind = 'demand' | 'threat' | 'deadline';

export type FindingKind = IdentifierKind | 'amount' | SignalKind;

/** `valid`: a checksum or numbering plan confirms it; `unverified`: read, cannot be checked ("lu, non vérifiable"). */
export type Validity = 'valid' | 'unverified';

/** An OCR confusion put right because exactly one candidate passes the identifier's checksum. */
export interface Repair {
  /** As read. */
  readonly from: string;
  /** After the repair. */
  readonly to: string;
  /** The substitutions made, e.g. `l→1 at 3, g→q at 4`. */
  readonly changes: string;
}

/** One match in one text, before it is placed in the evidence. */
export interface TextMatch {
  readonly kind: FindingKind;
  /** As written in the text. */
  readonly value: string;
  /** Comparable form: E.164 phone, lowercase e-mail, IBAN without spaces, `300 EUR`… */
  readonly normalized: string;
  readonly validity: Validity;
  /** Where in the text (UTF-16 offsets), so that overlapping matches can be settled. */
  readonly start: number;
  readonly end: number;
  /** Platform of a profile link, brand of a voucher, currency of an amount, network of an address. */
  readonly detail?: string;
  readonly repair?: Repair;
}

/** A rectangle of an image, in pixels. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where a finding was read. */
export interface Place {
  /** `P3`. */
  readonly exhibit: string;
  /** Message number as shown to the user, from 1. */
  readonly message?: number;
  /** Read by OCR on the image, in this region. */
  readonly region?: Region;
  /** Read from the export's list of participants (not from a message's text). */
  readonly isParticipant?: boolean;
}

/** One place a finding appears, with what was written there. */
export interface Occurrence {
  readonly place: Place;
  readonly value: string;
  readonly sender?: string;
  readonly senderId?: string;
  /** ISO instant, or the wall-clock time the export gives. */
  readonly at?: string;
  readonly repair?: Repair;
  /** Written by the person who made the export (the victim's side), not by the other party. */
  readonly isFromExporter?: boolean;
  /** How many messages this occurrence stands for (a participant's id on every message it sent). */
  readonly count?: number;
}

export interface Finding {
  /** `F1`, `F2`… in order of first appearance; stable while the evidence is unchanged. */
  readonly id: string;
  readonly kind: FindingKind;
  readonly normalized: string;
  readonly validity: Validity;
  readonly detail?: string;
  readonly occurrences: readonly Occurrence[];
  readonly firstSeen?: string;
  readonly lastSeen?: string;
}

/** A piece of text to read, and where it is in the evidence. */
export interface TextUnit {
  readonly text: string;
  readonly place: Place;
  readonly sender?: string;
  readonly senderId?: string;
  readonly at?: string;
  readonly isFromExporter?: boolean;
  /** The text just before (the previous message), for words that give a code its meaning. */
  readonly context?: string;
}

/** What an extractor needs besides the text. */
export interface ExtractOptions {
  /** ISO 3166 alpha-2 region for numbers written without +country (the case's country). */
  readonly defaultCountry: string;
  readonly signals: SignalPatterns;
}

/** Per kind: a cheap test of trigger words, then the patterns tried in order. */
export type SignalPatterns = Readonly<
  Record<SignalKind, { readonly keywords: RegExp; readonly patterns: readonly RegExp[] }>
>;

/** One kind of finding: a pure function of a text. */
export interface Extractor {
  readonly name: string;
  /** A cheap test that lets most texts skip the extractor. */
  readonly mayMatch: (text: string) => boolean;
  /** `context`: the message before, in a conversation (a coupon code often answers "send the code"). */
  readonly extract: (
    text: string,
    options: ExtractOptions,
    context?: string,
  ) => readonly TextMatch[];
}
