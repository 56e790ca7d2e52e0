/** One block of the complaint letter, as laid out on the page. */
export type LetterBlock =
  | { readonly kind: 'lines'; readonly lines: readonly string[]; readonly align: 'left' | 'right' }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly isQuote?: boolean }
  | { readonly kind: 'bullets'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly { readonly title: string; readonly share: number }[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'space'; readonly height: number }
  | { readonly kind: 'new-page' };

export interface LetterModel {
  readonly reference: string;
  readonly language: 'fr' | 'en';
  readonly title: string;
  /** The date the PDF carries in its metadata (the dossier's date), not the letter's date. */
  readonly createdAt: string;
  readonly blocks: readonly LetterBlock[];
}

/** templates/<lang>/letter.yaml. */
export interface LetterTemplates {
  readonly blank: string;
  readonly title: string;
  readonly recipient: readonly string[];
  readonly placeDate: string;
  readonly subject: string;
  readonly subjectEnclosed: string;
  readonly greeting: string;
  readonly intro: string;
  readonly contact: string;
  readonly birthDate: string;
  readonly birthAge: string;
  readonly facts: Readonly<
    Record<
      | 'title'
      | 'firstContact'
      | 'narrative'
      | 'narrativeBlank'
      | 'threat'
      | 'threatWhere'
      | 'noThreat',
      string
    >
  >;
  readonly author: Readonly<Record<'title' | 'intro' | 'none' | 'exhibits', string>>;
  readonly payments: Readonly<Record<'title' | 'line' | 'demanded' | 'paid' | 'none', string>>;
  readonly harm: Readonly<Record<'title' | 'text', string>>;
  readonly witnesses: Readonly<Record<'title' | 'text', string>>;
  readonly offences: Readonly<Record<'title' | 'intro' | 'caveat', string>>;
  readonly request: Readonly<
    Record<
      'title' | 'againstX' | 'againstIdentifier' | 'civilParty' | 'evidence' | 'evidenceSensitive',
      string
    >
  >;
  readonly closing: string;
  readonly signature: string;
  readonly bordereau: Readonly<
    Record<'title' | 'intro' | 'number' | 'description' | 'kind' | 'noDescription', string>
  >;
  readonly note: { readonly title: string; readonly lines: readonly string[] };
}
