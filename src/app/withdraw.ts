import { withCase } from '../case/store.js';
import {
  type ExhibitChangeResult,
  type MarkRequest,
  markExhibit,
  type WithdrawRequest,
  withdrawExhibit,
} from '../evidence/withdraw.js';
import type { CaseSession } from '../model/case-session.js';

export type { ExhibitChangeResult, MarkRequest, WithdrawRequest } from '../evidence/withdraw.js';

/** Withdraws an exhibit in an open case (the wizard holds the case open between questions). */
export async function applyWithdraw(
  session: CaseSession,
  request: WithdrawRequest,
): Promise<ExhibitChangeResult> {
  return withdrawExhibit(session, request);
}

/** Re-marks an exhibit in an open case (the wizard's review screen). */
export async function applyMark(
  session: CaseSession,
  request: MarkRequest,
): Promise<ExhibitChangeResult> {
  return markExhibit(session, request);
}

export interface CaseDirRequest {
  readonly caseDir: string;
}

/** `preuve withdraw P4 --reason …`: opens (locks) the case and withdraws the exhibit. */
export async function withdrawFromCase(
  request: WithdrawRequest & CaseDirRequest,
): Promise<ExhibitChangeResult> {
  const { caseDir, ...withdraw } = request;
  return withCase(
    caseDir,
    { command: 'withdraw', operator: request.operator, clock: request.clock },
    (session) => withdrawExhibit(session, withdraw),
  );
}

/** `preuve mark P3 --sensitive | --not-sensitive`: opens (locks) the case and re-marks the exhibit. */
export async function markInCase(
  request: MarkRequest & CaseDirRequest,
): Promise<ExhibitChangeResult> {
  const { caseDir, ...mark } = request;
  return withCase(
    caseDir,
    { command: 'mark', operator: request.operator, clock: request.clock },
    (session) => markExhibit(session, mark),
  );
}
