import { readChangeJournal } from '../case/change-journal.js';
import { loadCase } from '../case/store.js';
import type { CaseReader } from '../model/case-session.js';
import type { StampChecker } from '../model/timestamp.js';
import { checkCaseStamps, checkToken } from '../timestamp/case-stamps.js';
import type { verifyTarget } from '../verify/dossier.js';
import { readTrustedCertificates } from './trusted-certificates.js';

/** Verify re-checks stored stamps with timestamp/'s checks. */
export const STAMP_CHECKER: StampChecker = { checkCaseStamps, checkToken };

/** Verify reads a case folder with case/'s loader and change journal. */
export const CASE_READER: CaseReader = { loadCase, readPendingChange: readChangeJournal };

export type VerifyTargetReport = Awaited<ReturnType<typeof verifyTarget>>;

export interface VerifyRequest {
  /** A case folder, a dossier ZIP or a BagIt bag (folder). */
  readonly target: string;
  /** Certificates to trust for the timestamps (--ca-file). */
  readonly caFiles?: readonly string[];
  /** Asked for only when the ZIP turns out to be encrypted. */
  readonly readPassphrase?: () => Promise<string>;
  /** A fingerprint, dossier hash or custody seal the target must match (--expect). */
  readonly expect?: string;
  /** Compute every manifest's digests, not only the strongest payload manifest's. */
  readonly allManifests?: boolean;
}

/** `preuve verify`: the report; a failed check is a report with `ok: false`, not an error. */
export async function verifyAnything(request: VerifyRequest): Promise<VerifyTargetReport> {
  // Loaded here, not at the top: build checks the case with STAMP_CHECKER and CASE_READER alone,
  // and this module's ZIP and BagIt readers are for verify.
  const { verifyTarget } = await import('../verify/dossier.js');
  const trustedCerts = await readTrustedCertificates(request.caFiles ?? []);
  const expect = request.expect ? { expect: request.expect } : {};
  const allManifests = request.allManifests === true;
  let report = await verifyTarget(request.target, {
    stamps: STAMP_CHECKER,
    reader: CASE_READER,
    trustedCerts,
    allManifests,
    ...expect,
  });
  if (report.isEncrypted && !report.ok && request.readPassphrase) {
    const passphrase = await request.readPassphrase();
    report = await verifyTarget(request.target, {
      stamps: STAMP_CHECKER,
      reader: CASE_READER,
      passphrase,
      trustedCerts,
      allManifests,
      ...expect,
    });
  }
  return report;
}
