import { type Message, type MessageParam, renderMessage } from '../model/messages.js';

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
  /** One sentence naming the file, what was expected and what was found (English). */
  readonly message: string;
  /** The same sentence as a catalogue code (templates/<lang>/messages.json), when it has one. */
  readonly code?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A sentence as a catalogue code and its English (`message`), for a finding or a problem. */
export interface SaidText {
  readonly message: string;
  readonly code: string;
  readonly params: Readonly<Record<string, MessageParam>>;
}

export function sayText(
  code: string,
  params: Readonly<Record<string, MessageParam>> = {},
): SaidText {
  return { message: renderMessage('en', { code, params }), code, params };
}

/** Why a path is refused (`findUnsafePath`'s English), as a code: `bag.unsafe.…`. */
export function sayUnsafe(unsafe: string): MessageParam {
  const code = UNSAFE_CODES[unsafe];
  return code ? { code } : unsafe;
}

const UNSAFE_CODES: Readonly<Record<string, string>> = {
  'contains a NUL character': 'bag.unsafe.nul',
  'is absolute': 'bag.unsafe.absolute',
  'starts with a drive letter': 'bag.unsafe.drive',
  'contains a backslash': 'bag.unsafe.backslash',
  'climbs out of the bag with ".."': 'bag.unsafe.dotDot',
  'contains a "." segment': 'bag.unsafe.dot',
  'contains an empty segment': 'bag.unsafe.empty',
};

/** A finding said as a catalogue code: `message` is its English, for the JSON report and logs. */
export function describedBagFinding(
  finding: Omit<BagFinding, 'message' | 'code' | 'params'>,
  code: string,
  params: Readonly<Record<string, MessageParam>> = {},
): BagFinding {
  return { ...finding, message: renderMessage('en', { code, params }), code, params };
}

export interface BagCheck {
  readonly name: string;
  readonly ok: boolean;
  /** In English; `code` and `params`, when given, say it in any language. */
  readonly detail?: string;
  readonly code?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
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

/** Findings, grouped under named checks in the order the checks were first met. */
export class ReportBuilder {
  readonly #checks = new Map<string, { problems: number; detail?: string | Message }>();
  readonly #findings: BagFinding[] = [];

  /** A check passed so far; its detail is a value (a Payload-Oxum) or a message. */
  check(name: string, detail?: string | Message): void {
    const check = this.#checks.get(name) ?? { problems: 0 };
    if (detail !== undefined) check.detail = detail;
    this.#checks.set(name, check);
  }

  add(checkName: string, finding: BagFinding): void {
    this.check(checkName);
    this.#checks.get(checkName)!.problems += 1;
    this.#findings.push(finding);
  }

  has(namePrefix: string): boolean {
    return [...this.#checks.keys()].some((name) => name.startsWith(namePrefix));
  }

  build(): { checks: BagCheck[]; findings: BagFinding[] } {
    const checks = [...this.#checks].map(([name, { problems, detail }]): BagCheck => {
      const said: string | Message | undefined =
        problems === 0 ? detail : { code: 'bag.check.problems', params: { count: problems } };
      if (said === undefined || typeof said === 'string')
        return { name, ok: problems === 0, ...(said === undefined ? {} : { detail: said }) };
      const params = said.params ?? {};
      return {
        name,
        ok: problems === 0,
        detail: renderMessage('en', said),
        code: said.code,
        params,
      };
    });
    return { checks, findings: this.#findings };
  }
}
