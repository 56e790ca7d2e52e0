import { groupFingerprint } from '../model/fingerprint.js';
import { checkDossierSignature, SIGNATURE_FILES } from '../signing/signature.js';
import {
  describedCheck,
  describedFinding,
  type VerifyCheck,
  type VerifyFinding,
} from './report.js';

/** Who signed a dossier, when its signature holds. */
export interface SignedBy {
  readonly name: string;
  readonly organisation?: string;
  readonly keyFingerprint: string;
}

/**
 * The operator's signature, when the dossier carries one (data/signature/). A dossier without
 * one is still valid: the check then says "not signed". Pushes a finding when it does not hold.
 */
export async function verifyDossierSignature(
  readFile: (path: string) => Promise<Buffer>,
  evidenceManifest: Buffer | undefined,
  checks: VerifyCheck[],
  findings: VerifyFinding[],
): Promise<SignedBy | undefined> {
  const signature = await readFile(SIGNATURE_FILES.signature).catch(() => undefined);
  if (!signature) {
    checks.push(describedCheck('operator signature', true, 'verify.check.notSigned', {}));
    return undefined;
  }
  const publicKeyPem = await readFile(SIGNATURE_FILES.publicKey).catch(() => Buffer.alloc(0));
  const signer = await readFile(SIGNATURE_FILES.signer).catch(() => Buffer.alloc(0));
  const result = evidenceManifest
    ? checkDossierSignature(evidenceManifest, { signature, publicKeyPem, signer })
    : ({ ok: false, reason: 'malformed' } as const);
  if (!result.ok) {
    findings.push(
      describedFinding(
        { file: SIGNATURE_FILES.signature, problem: 'other' },
        `verify.signature.${result.reason}`,
      ),
    );
    checks.push({ name: 'operator signature', ok: false });
    return undefined;
  }
  const { owner, keyFingerprint } = result.signer;
  checks.push(
    describedCheck('operator signature', true, 'verify.check.signedBy', {
      who: [owner.name, owner.organisation].filter(Boolean).join(', '),
      key: groupFingerprint(keyFingerprint),
    }),
  );
  return { ...owner, keyFingerprint };
}
