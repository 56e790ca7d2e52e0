import { withCase } from '../case/store.js';
import { type AddRequest, type AddResult, addEvidence } from '../evidence/add.js';
import type { CaseSession } from '../model/case-session.js';

export { AmbiguousDateOrderError, type DateOrder } from '../chats/date-order-error.js';
export type { AddEvent, AddRequest, AddResult } from '../evidence/add.js';
export type { GatedMedia } from '../evidence/media-gate.js';
export type { MessageTime } from '../model/conversation.js';

/** Takes the evidence into an open case (the wizard holds the case open between questions). */
export async function applyAdd(session: CaseSession, request: AddRequest): Promise<AddResult> {
  return addEvidence(session, request);
}

export interface AddToCaseRequest extends AddRequest {
  readonly caseDir: string;
  /** Told, before anything is added, of the leftovers of an interrupted command removed on opening. */
  readonly onOpened?: (cleanedUp: readonly string[]) => void;
}

/** `preuve add`: opens (locks) the case and takes the evidence in. */
export async function addToCase(request: AddToCaseRequest): Promise<AddResult> {
  const { caseDir, onOpened, ...add } = request;
  return withCase(
    caseDir,
    { command: 'add', operator: request.operator, clock: request.clock },
    async (session) => {
      onOpened?.(session.cleanedUp);
      return addEvidence(session, add);
    },
  );
}
