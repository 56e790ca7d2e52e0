import { readStoredMessages } from '../case/conversation-store.js';
import { withCase } from '../case/store.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { formatExhibitId } from '../model/exhibit.js';

export interface HighlightRequest {
  readonly caseDir: string;
  readonly operator: string;
  readonly clock: Clock;
  /** `P2` or `2`, as the user typed it. */
  readonly exhibit: string;
  /** The message number shown by `preuve show`, as the user typed it. */
  readonly message: string;
  readonly note?: string;
}

export interface HighlightResult {
  readonly exhibit: string;
  readonly seq: number;
  readonly note?: string;
}

/** `preuve highlight P2 14 --note …`: marks a key message of a conversation (logged). */
export async function highlightMessage(request: HighlightRequest): Promise<HighlightResult> {
  const { exhibit: id, note } = request;
  const seq = Number(request.message);
  if (!Number.isInteger(seq) || seq < 0)
    throw new UsageError(
      `${request.message}: give the message number shown by "preuve show ${id}".`,
    );
  const number = Number(/^P?(\d+)$/i.exec(id.trim())?.[1]);
  await withCase(
    request.caseDir,
    { command: 'highlight', operator: request.operator, clock: request.clock },
    async (session) => {
      const caseFile = session.current();
      const exhibit = caseFile.exhibits.find((candidate) => candidate.number === number);
      if (!exhibit?.conversation)
        throw new UsageError(`${id}: not a conversation exhibit of this case. See "preuve list".`);
      let found = false;
      for await (const message of readStoredMessages(session.caseDir, exhibit)) {
        if (message.seq === seq) {
          found = true;
          break;
        }
      }
      if (!found)
        throw new UsageError(
          `${formatExhibitId(number)} has no message number ${seq} (it has ${exhibit.conversation.messageCount}, from 0). See "preuve show ${formatExhibitId(number)}".`,
        );
      const highlights = [
        ...(exhibit.highlights ?? []).filter((h) => h.seq !== seq),
        { seq, ...(note ? { note } : {}) },
      ].sort((a, b) => a.seq - b.seq);
      await session.commit(
        {
          ...caseFile,
          exhibits: caseFile.exhibits.map((e) => (e.number === number ? { ...e, highlights } : e)),
        },
        [
          {
            action: 'highlight',
            details: { exhibit: formatExhibitId(number), seq, ...(note ? { note } : {}) },
          },
        ],
      );
    },
  );
  return { exhibit: formatExhibitId(number), seq, ...(note ? { note } : {}) };
}
