import { type CustodyEntry, custodySeal, hashCustodyLine } from '../model/custody.js';
import type { MessageParam } from '../model/messages.js';
import { describedFinding, type VerifyCheck, type VerifyFinding } from './report.js';

/**
 * `verify --expect <sha256>`: the value someone wrote down or stamped outside the case (the
 * dossier fingerprint, the custody seal, the ZIP's or the PDF's SHA-256). The custody chain alone
 * shows an edit only up to such an external anchor: whoever can write the case can rewrite the
 * log and recompute every line after the change. Checked against the anchor, a rewritten log fails.
 */
export interface ExpectationResult {
  readonly check: VerifyCheck;
  readonly finding?: VerifyFinding;
}

/** What a build line records about the dossier it wrote (details of the `build` custody action). */
interface BuildRecord {
  readonly fingerprint?: string;
  readonly zipSha256?: string;
  readonly pdfSha256?: string;
  readonly previousFingerprint?: string | null;
  readonly custodySeal?: { readonly entry: number; readonly sha256: string };
}

/** Checks a case's custody log (raw lines, chain already checked) against an expected value. */
export function checkCaseExpectation(
  lines: readonly string[],
  expected: string,
): ExpectationResult {
  const value = expected.toLowerCase();
  const fail = (
    code: string,
    params: Readonly<Record<string, MessageParam>>,
  ): ExpectationResult => ({
    check: { name: 'expected fingerprint', ok: false, detail: value },
    finding: describedFinding(
      { file: 'custody.jsonl', problem: 'expectation', expected: value },
      code,
      { value, ...params },
    ),
  });
  const sealed = lines.findIndex((line) => hashCustodyLine(line) === value);
  if (sealed >= 0) {
    return {
      check: {
        name: 'expected fingerprint',
        ok: true,
        detail: `${value} is the custody seal of entry ${sealed + 1}: the log up to it is unchanged`,
      },
    };
  }
  const entries = lines.map((line) => JSON.parse(line) as CustodyEntry);
  const builds = entries.filter((entry) => entry.action === 'build');
  const build = builds.find((entry) => {
    const record = entry.details as BuildRecord;
    return [record.fingerprint, record.zipSha256, record.pdfSha256].includes(value);
  });
  if (!build) {
    return fail('verify.expect.noSuchDossier', {});
  }
  const record = build.details as BuildRecord;
  if (record.custodySeal) {
    const found = custodySeal(lines, record.custodySeal.entry);
    if (found !== record.custodySeal.sha256) {
      return fail('verify.expect.sealBroken', {
        build: build.seq,
        entry: record.custodySeal.entry,
      });
    }
  }
  // Each build records the fingerprint of the one before: a rewritten history breaks the sequence.
  let previous: string | null = null;
  for (const entry of builds) {
    const details = entry.details as BuildRecord;
    if (details.previousFingerprint !== undefined && details.previousFingerprint !== previous) {
      return fail('verify.expect.historyRewritten', {
        entry: entry.seq,
        named: details.previousFingerprint ?? 'no',
        previous: previous ?? 'none',
      });
    }
    previous = details.fingerprint ?? previous;
    if (entry === build) break;
  }
  return {
    check: {
      name: 'expected fingerprint',
      ok: true,
      detail: `${value} is the dossier built at custody entry ${build.seq}${record.custodySeal ? `, whose seal of entries 1–${record.custodySeal.entry} still holds` : ''}`,
    },
  };
}

/** Checks a dossier against an expected value: its fingerprint, its ZIP's SHA-256, or its custody seal. */
export function checkDossierExpectation(
  expected: string,
  known: {
    readonly fingerprint?: string;
    readonly zipSha256?: string;
    readonly pdfSha256?: string;
    readonly custodyLines?: readonly string[];
  },
): ExpectationResult {
  const value = expected.toLowerCase();
  const seal = known.custodyLines ? custodySeal(known.custodyLines) : undefined;
  const matches = [
    [known.fingerprint, 'the dossier fingerprint'],
    [known.zipSha256, "the ZIP's SHA-256"],
    [known.pdfSha256, "the PDF's SHA-256"],
    [seal, 'the seal of its custody log'],
  ].find(([candidate]) => candidate === value);
  if (matches) {
    return { check: { name: 'expected fingerprint', ok: true, detail: `${value}: ${matches[1]}` } };
  }
  return {
    check: { name: 'expected fingerprint', ok: false, detail: value },
    finding: describedFinding(
      {
        file: 'bag-info.txt',
        problem: 'expectation',
        expected: value,
        found: known.fingerprint ?? '(none)',
      },
      seal ? 'verify.expect.otherDossierSealed' : 'verify.expect.otherDossier',
      { value, fingerprint: known.fingerprint ?? '(none)', ...(seal ? { seal } : {}) },
    ),
  };
}
