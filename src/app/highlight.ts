import { withCase } from '../case/store.js';
import { replayStoredMessages } from '../chats/replay-stored.js';
import type { Clock } from '../model/clock.js';
import { readStoredMessages } from '../model/conversation-store.js';
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
  /** The message number as people see it (from 1). */
  readonly message: number;
  readonly note?: string;
}

/** `preuve highlight P2 14 --note …`: marks a key message of a conversation (logged). */
export async function highlightMessage(request: HighlightRequest): Promise<HighlightResult> {
  const { exhibit: id, note } = request;
  // Messages are numbered from 1 for people (show, PDF); stored sequence numbers start at 0.
  const shown = Number(request.message);
  const seq = shown - 1;
  if (!Number.isInteger(shown) || shown < 1)
    throw new UsageError({
      code: 'error.app.highlight.giveMessageNumber',
      params: { reason: request.message, id },
    });
  const number = Number(/^P?(\d+)$/i.exec(id.trim())?.[1]);
  await withCase(
    request.caseDir,
    { command: 'highlight', operator: request.operator, clock: request.clock },
    async (session) => {
      const caseFile = session.current();
      const exhibit = caseFile.exhibits.find((candidate) => candidate.number === number);
      if (!exhibit?.conversation)
        throw new UsageError({
          code: 'error.app.highlight.conversationExhibitCase',
          params: { id },
        });
      let found = false;
      for await (const message of readStoredMessages(
        session.caseDir,
        exhibit,
        replayStoredMessages,
      )) {
        if (message.seq === seq) {
          found = true;
          break;
        }
      }
      if (!found)
        throw new UsageError({
          code: 'error.app.highlight.messageNumberNumbered',
          params: {
            formatExhibitId: formatExhibitId(number),
            shown,
            messageCount: exhibit.conversation.messageCount,
          },
        });
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
            details: {
              exhibit: formatExhibitId(number),
              seq,
              message: shown,
              ...(note ? { note } : {}),
            },
          },
        ],
      );
    },
  );
  return { exhibit: formatExhibitId(number), message: shown, ...(note ? { note } : {}) };
}
