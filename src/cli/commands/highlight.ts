import type { Command } from 'commander';
import { readStoredMessages } from '../../case/conversation-store.js';
import { withCase } from '../../case/store.js';
import { UsageError } from '../../model/errors.js';
import { formatExhibitId } from '../../model/exhibit.js';
import { createContext, type GlobalOptions } from '../context.js';

export function registerHighlight(program: Command, signal: AbortSignal): void {
  program
    .command('highlight <exhibit> <message>')
    .description('mark a key message of a conversation (its number as shown by "preuve show")')
    .option('--note <text>', 'why it matters (shown in the dossier)')
    .addHelpText(
      'after',
      '\nExample:\n  preuve highlight P2 14 --note "Première menace : 300 € en coupons PCS"',
    )
    .action(async (id: string, messageArg: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { note?: string }>();
      const context = createContext(options, signal);
      // Messages are numbered from 1 for people (show, PDF); stored sequence numbers start at 0.
      const shown = Number(messageArg);
      const seq = shown - 1;
      if (!Number.isInteger(shown) || shown < 1)
        throw new UsageError(
          `${messageArg}: give the message number shown by "preuve show ${id}".`,
        );
      await withCase(
        context.caseDir,
        { command: 'highlight', operator: context.operator, clock: context.clock },
        async (session) => {
          const caseFile = session.current();
          const number = Number(/^P?(\d+)$/i.exec(id.trim())?.[1]);
          const exhibit = caseFile.exhibits.find((candidate) => candidate.number === number);
          if (!exhibit?.conversation)
            throw new UsageError(
              `${id}: not a conversation exhibit of this case. See "preuve list".`,
            );
          let found = false;
          for await (const message of readStoredMessages(session.caseDir, exhibit)) {
            if (message.seq === seq) {
              found = true;
              break;
            }
          }
          if (!found)
            throw new UsageError(
              `${formatExhibitId(number)} has no message number ${shown} (it has ${exhibit.conversation.messageCount}, numbered from 1). See "preuve show ${formatExhibitId(number)}".`,
            );
          const highlights = [
            ...(exhibit.highlights ?? []).filter((h) => h.seq !== seq),
            { seq, ...(options.note ? { note: options.note } : {}) },
          ].sort((a, b) => a.seq - b.seq);
          await session.commit(
            {
              ...caseFile,
              exhibits: caseFile.exhibits.map((e) =>
                e.number === number ? { ...e, highlights } : e,
              ),
            },
            [
              {
                action: 'highlight',
                details: {
                  exhibit: formatExhibitId(number),
                  seq,
                  message: shown,
                  ...(options.note ? { note: options.note } : {}),
                },
              },
            ],
          );
        },
      );
      if (context.output.isJson)
        context.output.json({
          exhibit: formatExhibitId(Number(/^P?(\d+)$/i.exec(id.trim())?.[1])),
          message: shown,
          ...(options.note ? { note: options.note } : {}),
        });
      context.output.info(`Message ${shown} of ${id.toUpperCase()} highlighted.`);
    });
}
