// On its own so that parse-answers and the parsers it re-exports (parse-date, parse-amount) share it
// without importing each other in a circle.

/** A parsed answer, or the template key of the message to re-ask with. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly problem: string;
      readonly values?: Readonly<Record<string, string>>;
    };
