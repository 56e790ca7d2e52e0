import { verifyTarget } from '../verify/dossier.js';
import type { VerifyReport } from '../verify/report.js';
import type { SignedBy } from '../verify/signature.js';
import { readTrustedCertificates } from './trusted-certificates.js';

export type VerifyTargetReport = VerifyReport & {
  readonly isEncrypted?: boolean;
  /** Who signed the dossier, when its operator signature checks. */
  readonly signedBy?: SignedBy;
};

export interface VerifyRequest {
  /** A case folder, a dossier ZIP or a BagIt bag (folder). */
  readonly target: string;
  /** Certificates to trust for the timestamps (--ca-file). */
  readonly caFiles?: readonly string[];
  /** Asked for only when the ZIP turns out to be encrypted. */
  readonly readPassphrase?: () => Promise<string>;
  /** A fingerprint, dossier hash or custody seal the target must match (--expect). */
  readonly expect?: string;
}

/** `preuve verify`: the report; a failed check is a report with `ok: false`, not an error. */
export async function verifyAnything(request: VerifyRequest): Promise<VerifyTargetReport> {
  const trustedCerts = await readTrustedCertificates(request.caFiles ?? []);
  const expect = request.expect ? { expect: request.expect } : {};
  let report = await verifyTarget(request.target, { trustedCerts, ...expect });
  if (report.isEncrypted && !report.ok && request.readPassphrase) {
    const passphrase = await request.readPassphrase();
    report = await verifyTarget(request.target, { passphrase, trustedCerts, ...expect });
  }
  return report;
}
