import { withCase } from '../case/store.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { INPUT_LIMITS, readInputFile } from '../model/input-file.js';
import {
  loadKnownAuthorities,
  resolveAuthority,
  type TimestampAuthority,
} from '../timestamp/authorities.js';
import { importTimestamp, type StampOutcome, stampCase } from '../timestamp/case-stamps.js';
import { readTrustedCertificates } from './trusted-certificates.js';

export type { TimestampAuthority } from '../timestamp/authorities.js';
export type { StampOutcome } from '../timestamp/case-stamps.js';

export interface StampRequest {
  readonly caseDir: string;
  readonly operator: string;
  readonly clock: Clock;
  /** Authorities to ask, by id or URL. */
  readonly tsa?: readonly string[];
  /** An answer to a pending request made with `isDryRun`, to take in instead of asking. */
  readonly importFile?: string;
  readonly caFiles?: readonly string[];
  /** Seconds to wait for each authority, as typed. */
  readonly timeout: string;
  readonly isDryRun?: boolean;
  /** Called just before a server is contacted, so the user is told first. */
  readonly onContact?: (authority: TimestampAuthority) => void;
}

/** The authorities preuve knows (templates/tsa-authorities.json). */
export async function listAuthorities(): Promise<TimestampAuthority[]> {
  return loadKnownAuthorities();
}

/**
 * `preuve stamp`: asks each authority named for a timestamp of the dossier fingerprint (or only
 * writes the requests, or takes in an answer obtained elsewhere). One failing does not lose the
 * others: each outcome says what happened.
 */
export async function stampCaseInFolder(request: StampRequest): Promise<StampOutcome[]> {
  const known = await loadKnownAuthorities();
  const trustedCerts = await readTrustedCertificates(request.caFiles ?? []);
  return withCase(
    request.caseDir,
    { command: 'stamp', operator: request.operator, clock: request.clock },
    async (session) => {
      if (request.importFile) {
        const response = await readInputFile(request.importFile, {
          what: `--import ${request.importFile}`,
          maxBytes: INPUT_LIMITS.timestampResponse,
        });
        return [await importTimestamp(session, response, trustedCerts)];
      }
      if (!request.tsa || request.tsa.length === 0) {
        throw new UsageError({
          code: 'error.app.stamp.nameTimestampAuthority',
          params: { known: known.map((a) => a.id).join(', ') },
        });
      }
      const timeoutMs = Number(request.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new UsageError({
          code: 'error.app.stamp.timeoutGiveNumber',
          params: { timeout: request.timeout },
        });
      return stampCase(session, {
        authorities: request.tsa.map((id) => resolveAuthority(id, known)),
        clock: request.clock,
        timeoutMs,
        trustedCerts,
        ...(request.isDryRun ? { isDryRun: true } : {}),
        ...(request.onContact ? { onContact: request.onContact } : {}),
      });
    },
  );
}
