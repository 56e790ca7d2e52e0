import type { CaseSession } from '../case/store.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';

export interface BuildRequest {
  readonly operator: string;
  readonly clock: Clock;
  /** Where to write the ZIP (default: out/<reference>.zip); the PDF goes beside it. */
  readonly outFile?: string;
  /** Overwrite an existing dossier file. */
  readonly force?: boolean;
  readonly encrypt?: { readonly passphrase: string };
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: string, done?: number, total?: number) => void;
}

export interface BuildResult {
  readonly reference: string;
  readonly pdfPath: string;
  readonly zipPath: string;
  readonly fingerprint: string;
  readonly pages: number;
  readonly zipSha256: string;
  readonly exhibitCount: number;
  readonly isEncrypted: boolean;
}

/** Builds the PDF and the ZIP of a case into out/ (or outFile). Being wired: see issues 5 and 6. */
export async function buildDossier(
  _session: CaseSession,
  _request: BuildRequest,
): Promise<BuildResult> {
  throw new UsageError('preuve build is not available yet in this version.');
}
