import { type CustodyEntry, custodySeal, hashCustodyLine } from '../model/custody.js';
import type { VerifyCheck, VerifyFinding } from './report.js';

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
  const fail = (message: string): ExpectationResult => ({
    check: { name: 'expected fingerprint', ok: false, detail: value },
    finding: { file: 'custody.jsonl', problem: 'expectation', expected: value, message },
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
    return fail(
      `No dossier built from this case has the fingerprint ${value}, and it is the seal of no custody entry: this is not the case that dossier came from, or its custody log was rewritten since.`,
    );
  }
  const record = build.details as BuildRecord;
  if (record.custodySeal) {
    const found = custodySeal(lines, record.custodySeal.entry);
    if (found !== record.custodySeal.sha256) {
      return fail(
        `The custody log was changed after the dossier ${value} was built (entry ${build.seq}): entry ${record.custodySeal.entry} no longer has the seal that build recorded. The log was rewritten; compare it with data/custody.jsonl of the dossier handed over.`,
      );
    }
  }
  // Each build records the fingerprint of the one before: a rewritten history breaks the sequence.
  let previous: string | null = null;
  for (const entry of builds) {
    const details = entry.details as BuildRecord;
    if (details.previousFingerprint !== undefined && details.previousFingerprint !== previous) {
      return fail(
        `Custody entry ${entry.seq} (a build) names ${details.previousFingerprint ?? 'no'} previous dossier, but the build before it made ${previous ?? 'none'}: the log's history of dossiers was rewritten.`,
      );
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
    finding: {
      file: 'bag-info.txt',
      problem: 'expectation',
      expected: value,
      found: known.fingerprint ?? '(none)',
      message: `This dossier is not the one whose fingerprint is ${value}: its fingerprint is ${known.fingerprint ?? '(none)'}${seal ? ` and its custody seal ${seal}` : ''}.`,
    },
  };
}
