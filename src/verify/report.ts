import { type Message, type MessageParam, renderMessage } from '../model/messages.js';
import type { StampCheck } from '../model/timestamp.js';

/** One thing that does not hold, named precisely enough to find it. */
export interface VerifyFinding {
  /** File or line concerned, e.g. `evidence/P2/capture.png`, `custody.jsonl:4`. */
  readonly file: string;
  readonly problem:
    | 'missing'
    | 'unlisted'
    | 'hash-mismatch'
    | 'size-mismatch'
    | 'permissions'
    | 'chain-broken'
    | 'custody-mismatch'
    | 'malformed'
    | 'fingerprint-mismatch'
    | 'timestamp'
    | 'interrupted'
    | 'expectation'
    | 'encrypted'
    | 'passphrase'
    | 'other';
  readonly expected?: string;
  readonly found?: string;
  /** In English; `code` and `params`, when given, say it in any language (templates/<lang>/messages.json). */
  readonly message: string;
  /** Stable, for scripts and for the reader's language: `verify.case.hashChanged`… */
  readonly code?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A finding said as a catalogue code: `message` is its English, for the JSON report and logs. */
export function describedFinding(
  finding: Omit<VerifyFinding, 'message' | 'code' | 'params'>,
  code: string,
  params: Readonly<Record<string, MessageParam>> = {},
): VerifyFinding {
  return { ...finding, message: renderMessage('en', { code, params }), code, params };
}

/** A timestamp that does not verify, said as its code when it has one. */
export function describeStampFinding(stamp: StampCheck): VerifyFinding {
  if (!stamp.detail) return { file: stamp.file, problem: 'timestamp', message: stamp.message };
  return {
    file: stamp.file,
    problem: 'timestamp',
    message: stamp.message,
    code: stamp.detail.code,
    params: stamp.detail.params ?? {},
  };
}

/**
 * The report's one line, from its findings: `ok` says what was checked (a `verify.summary.…`
 * message), else the first problem and how many more.
 */
export function summarizeReport(
  findings: readonly VerifyFinding[],
  ok: Message,
): Pick<VerifyReport, 'summary' | 'summaryCode' | 'summaryParams'> {
  const [first] = findings;
  const said: Message = first
    ? {
        code: findings.length > 1 ? 'verify.summary.failedMore' : 'verify.summary.failed',
        params: {
          first: first.code ? { code: first.code, params: first.params ?? {} } : first.message,
          count: findings.length - 1,
        },
      }
    : ok;
  return {
    summary: renderMessage('en', said),
    summaryCode: said.code,
    summaryParams: said.params ?? {},
  };
}

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  /** In English; `code` and `params`, when given, say it in any language. */
  readonly detail?: string;
  readonly code?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A check whose detail is a catalogue code: `detail` is its English. */
export function describedCheck(
  name: string,
  ok: boolean,
  code: string,
  params: Readonly<Record<string, MessageParam>>,
): VerifyCheck {
  return { name, ok, detail: renderMessage('en', { code, params }), code, params };
}

export interface VerifyReport {
  readonly target: string;
  readonly kind: 'case' | 'bag' | 'dossier';
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
  readonly findings: readonly VerifyFinding[];
  /** One line for humans: what was checked and the result, in English. */
  readonly summary: string;
  /** The same line as a catalogue code (`verify.summary.…`) and its parameters. */
  readonly summaryCode?: string;
  readonly summaryParams?: Readonly<Record<string, MessageParam>>;
  /** The case's or dossier's language (case.json, manifest.json), for the words around the report. */
  readonly language?: 'fr' | 'en';
  /** For a bag: the manifests whose digests were computed against the bytes. */
  readonly manifests?: readonly string[];
  /** What was checked, for the summary in another language: reference and counts. */
  readonly counts?: {
    readonly reference?: string;
    readonly files: number;
    readonly exhibits?: number;
    readonly custodyEntries?: number;
    readonly timestamps?: number;
  };
}
