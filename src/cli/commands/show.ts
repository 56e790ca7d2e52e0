import type { Command } from 'commander';
import type { DateTime } from 'luxon';
import type { ChatMessage } from '../../app/read-case.js';
import { UsageError } from '../../model/errors.js';
import { type Exhibit, formatExhibitId } from '../../model/exhibit.js';
import { createContext, type GlobalOptions } from '../context.js';
import type { Say } from '../describe.js';
import { escapeForTerminal } from '../escape.js';
import { sayHelp } from '../help-language.js';

export function registerShow(program: Command, signal: AbortSignal): void {
  program
    .command('show <exhibit>')
    .description(sayHelp('cli.help.show.description'))
    .addHelpText('after', `\n${sayHelp('cli.help.show.after')}`)
    .action(async (id: string, _options: unknown, command: Command) => {
      // Loaded when the command runs: --help and the other commands do not pay for it.
      const { readCase, readConversation, readMessages } = await import('../../app/read-case.js');
      const { describeExhibitLine, describeTime } = await import('../describe.js');
      const options = command.optsWithGlobals<GlobalOptions>();
      const context = createContext(options, signal);
      const caseFile = await readCase(context.caseDir);
      const number = Number(/^P?(\d+)$/i.exec(id.trim())?.[1]);
      const exhibit = caseFile.exhibits.find((candidate) => candidate.number === number);
      if (!exhibit) {
        const last = caseFile.exhibits.at(-1)?.number;
        throw new UsageError(
          last === undefined
            ? { code: 'error.cli.show.noExhibitYet', params: { id, reference: caseFile.reference } }
            : {
                code: 'error.cli.show.noSuchExhibit',
                params: { id, reference: caseFile.reference, last: `P${last}` },
              },
        );
      }
      if (context.output.isJson) {
        await printJson(context.caseDir, exhibit);
        return;
      }
      const out = context.output;
      const say = context.say;
      out.info(describeExhibitLine(exhibit, say));
      if (exhibit.description)
        out.info(say('cli.show.description', { text: escapeForTerminal(exhibit.description) }));
      for (const time of exhibit.times)
        out.info(
          say('cli.show.time', {
            time: `${describeTime(time, say)}${time.note ? ` — ${time.note}` : ''}`,
          }),
        );
      for (const file of exhibit.files) {
        out.info(
          say(file.isExcluded ? 'cli.show.fileNotCopied' : 'cli.show.file', {
            name: escapeForTerminal(file.name),
            size: file.size,
            mime: file.mime,
            sha256: file.sha256,
          }),
        );
      }
      for (const note of exhibit.notes) out.info(say('cli.show.note', { note }));
      if (!exhibit.conversation) return;
      const header = await readConversation(context.caseDir, exhibit);
      out.info(
        `\n  ${escapeForTerminal(header.title)} — ${say('cli.exhibit.messages', { count: header.messageCount })} — ${header.participants.map((p) => escapeForTerminal(p.name)).join(', ')}`,
      );
      for (const inference of header.inferences)
        out.info(
          say('cli.show.inferred', {
            decision: inference.messages?.decision ?? inference.decision,
            reason: inference.messages?.reason ?? inference.reason,
          }),
        );
      const { DateTime: luxonDateTime } = await import('luxon');
      let day = '';
      for await (const message of readMessages(context.caseDir, exhibit)) {
        const { date, time } = splitTime(
          message,
          exhibit.conversation.timeZone,
          luxonDateTime,
          say,
        );
        if (date !== day) {
          day = date;
          out.info(`\n  ── ${date} ──`);
        }
        out.info(formatMessage(message, time, say));
      }
    });
}

/** `dateTime` is luxon's DateTime, passed in because luxon is loaded only when a transcript is shown. */
function splitTime(
  message: ChatMessage,
  zone: string,
  dateTime: typeof DateTime,
  say: Say,
): { date: string; time: string } {
  if (message.time.wallClock) {
    const [date = '?', time = ''] = message.time.wallClock.split('T');
    return { date, time };
  }
  if (message.time.instant) {
    const local = dateTime.fromISO(message.time.instant, { zone: 'utc' }).setZone(zone);
    return { date: local.toFormat('yyyy-LL-dd'), time: local.toFormat('HH:mm:ss') };
  }
  if (message.time.unreadable !== undefined) {
    return { date: say('cli.show.unreadableTime'), time: JSON.stringify(message.time.unreadable) };
  }
  return { date: say('cli.show.noDate'), time: '' };
}

function formatMessage(message: ChatMessage, time: string, say: Say): string {
  const flags = [
    message.flags.isSystem && say('cli.show.flag.system'),
    message.flags.isDeleted && say('cli.show.flag.deleted'),
    message.flags.isEdited && say('cli.show.flag.edited'),
    message.flags.isViewOnce && say('cli.show.flag.viewOnce'),
    message.flags.isMediaOmitted && say('cli.show.flag.mediaOmitted'),
    message.flags.isContentMissing && say('cli.show.flag.contentMissing'),
  ].filter(Boolean);
  const who = message.flags.isSystem ? '' : `${escapeForTerminal(message.sender ?? '?')}: `;
  const lines = [
    `  #${String(message.seq + 1).padEnd(4)} ${time.padEnd(8)} ${who}${message.text}${flags.length > 0 ? `  [${flags.join(', ')}]` : ''}`,
  ];
  for (const attachment of message.attachments) {
    const state = attachment.isMissing
      ? say('cli.show.attachment.missing')
      : attachment.isExcluded
        ? say('cli.show.attachment.excluded', { sha256: attachment.sha256 ?? '?' })
        : attachment.sha256
          ? `SHA-256 ${attachment.sha256}`
          : say('cli.show.attachment.notLinked');
    lines.push(`           📎 ${escapeForTerminal(attachment.name)} (${state})`);
  }
  return lines.join('\n');
}

/** One JSON document, written as it is read, so a very long conversation never sits in memory. */
async function printJson(caseDir: string, exhibit: Exhibit): Promise<void> {
  const { readConversation, readMessages } = await import('../../app/read-case.js');
  const write = (text: string) => process.stdout.write(text);
  write(`{"exhibit":${JSON.stringify(exhibit)}`);
  if (exhibit.conversation) {
    write(`,"header":${JSON.stringify(await readConversation(caseDir, exhibit))},"messages":[`);
    let first = true;
    for await (const message of readMessages(caseDir, exhibit)) {
      write(`${first ? '' : ','}\n${JSON.stringify(message)}`);
      first = false;
    }
    write('\n]');
  }
  write(`,"id":"${formatExhibitId(exhibit.number)}"}\n`);
}
