/** What went wrong with one file of a bag. */
export type BagProblem =
  | 'missing'
  | 'unlisted'
  | 'hash-mismatch'
  | 'oxum'
  | 'malformed'
  | 'duplicate'
  | 'path-traversal'
  | 'unsupported'
  | 'unreadable'
  | 'zip-bomb'
  | 'layout'
  | 'encrypted'
  | 'passphrase';

export interface BagFinding {
  /** Path relative to the bag's base folder (`data/…`, `manifest-sha256.txt`), or the ZIP. */
  readonly file: string;
  readonly problem: BagProblem;
  readonly expected?: string;
  readonly found?: string;
  /** One sentence naming the file, what was expected and what was found. */
  readonly message: string;
}

export interface BagCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** The result of checking a bag; plain data (JSON.stringify gives the `--json` output). */
export interface BagReport {
  /** True when every check passed and there is no finding. */
  readonly ok: boolean;
  readonly target: string;
  readonly format: 'zip' | 'folder';
  /** The ZIP's top folder (the case reference for a preuve dossier). */
  readonly topFolder?: string;
  readonly bagItVersion?: string;
  readonly isEncrypted: boolean;
  /** bag-info.txt labels in file order. */
  readonly bagInfo: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** Files under data/. */
  readonly payloadFileCount: number;
  readonly checks: readonly BagCheck[];
  readonly findings: readonly BagFinding[];
}
