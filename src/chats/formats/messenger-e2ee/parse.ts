/**
 * Messenger end-to-end-encrypted chats, downloaded from "secure storage": one `<Name>_<n>.json` per
 * chat (`participants`, `threadName`, `messages[]` with `senderName`, `timestamp`, `text`, `media`,
 * `isUnsent`), media under `media/`. Not part of the normal "Download your information" export.
 */
import { posix } from 'node:path';
import type { Attachment, Inference, ParsedConversation } from '../../../model/conversation.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { MojibakeRepairer } from '../../mojibake.js';
import {
  asArray,
  asString,
  assertThreadsFound,
  buildConversation,
  type DraftMessage,
  EntryIndex,
  isRecord,
  isThreadSelected,
  kindFromName,
  malformed,
  pointer,
  readJsonEntry,
  sequenceMessages,
  sniffEntry,
  timeFromEpochMs,
} from '../json-util.js';
import { candidateFiles, e2eeHead } from './detect.js';

async function findChatFiles(source: ExportSource): Promise<string[]> {
  const found: string[] = [];
  for (const path of candidateFiles(source)) {
    if (e2eeHead.test(await sniffEntry(source, path, 4096))) found.push(path);
  }
  return found.sort();
}

/** Epoch ms from `timestamp`; a few downloads carry seconds, told apart by magnitude. */
function toEpochMs(value: number): number {
  return value > 1e11 ? value : value * 1000;
}

function parseChat(
  source: ExportSource,
  index: EntryIndex,
  file: string,
  data: unknown,
): ParsedConversation {
  if (!isRecord(data) || !Array.isArray(data.messages)) {
    throw malformed(
      source,
      file,
      'no "messages" list, so this is not a Messenger secure-storage chat file',
    );
  }
  const repairer = new MojibakeRepairer();
  repairer.useFile(data);
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const drafts: DraftMessage[] = data.messages.map((raw, i): DraftMessage => {
    const jsonPath = pointer('messages', i);
    if (!isRecord(raw) || typeof raw.timestamp !== 'number') {
      throw malformed(source, file, `message ${jsonPath} has no numeric "timestamp"`);
    }
    const attachments: Attachment[] = asArray(raw.media).flatMap((m): Attachment[] => {
      const uri = isRecord(m) ? asString(m.uri) : undefined;
      if (!uri) return [];
      if (uri === 'Failed to download media')
        return [{ name: uri, kind: 'other', isMissing: true }];
      const name = posix.basename(uri);
      const exportPath = index.resolve(uri, [dir, '']);
      return [
        { name, kind: kindFromName(name), ...(exportPath ? { exportPath } : { isMissing: true }) },
      ];
    });
    const sender = repairer.fix(asString(raw.senderName));
    const reactions = asArray(raw.reactions)
      .filter(isRecord)
      .map((r) => {
        const by = repairer.fix(asString(r.actor));
        return { emoji: repairer.fix(asString(r.reaction) ?? ''), ...(by ? { by } : {}) };
      });
    const type = asString(raw.type);
    return {
      ...(sender ? { sender } : {}),
      time: timeFromEpochMs(toEpochMs(raw.timestamp), 'ms', String(raw.timestamp)),
      text: repairer.fix(asString(raw.text) ?? ''),
      attachments,
      flags: {
        ...(raw.isUnsent === true ? { isDeleted: true } : {}),
        ...(type === 'placeholder' ? { isSystem: true } : {}),
      },
      source: { file, jsonPath },
      ...(reactions.length > 0 ? { reactions } : {}),
    };
  });
  drafts.reverse(); // the download lists newest first
  const messages = sequenceMessages(drafts);
  const participants = asArray(data.participants)
    .map((p) => (typeof p === 'string' ? p : isRecord(p) ? asString(p.name) : undefined))
    .filter((p): p is string => p !== undefined)
    .map((name) => ({ name: repairer.fix(name) }));
  const inferences: Inference[] = [];
  const repair = repairer.inference();
  if (repair) inferences.push(repair);
  const referenced = new Set(
    messages.flatMap((m) => m.attachments.flatMap((a) => a.exportPath ?? [])),
  );
  return buildConversation(
    {
      format: 'messenger-e2ee',
      title: repairer.fix(asString(data.threadName)) ?? posix.basename(file, '.json'),
      participants,
      metadata: { variant: 'secure-storage-json', file },
      inferences,
      notes: [],
      unreferencedFiles: index.under(posix.join(dir, 'media')).filter((p) => !referenced.has(p)),
    },
    messages,
  );
}

/** The parser, loaded by the descriptor when an export of this format is read. */
export const messengerE2eeParser: ChatFormatParser = {
  async parse(source: ExportSource, options: ParseOptions) {
    const index = new EntryIndex(source);
    const files = await findChatFiles(source);
    if (files.length === 0) {
      throw malformed(
        source,
        source.origin,
        'no chat file with "threadName" and "senderName" was found',
      );
    }
    const conversations: ParsedConversation[] = [];
    const available: string[] = [];
    for (const file of files) {
      const conversation = parseChat(source, index, file, await readJsonEntry(source, file));
      available.push(conversation.header.title);
      if (isThreadSelected(options.threads, [conversation.header.title, file])) {
        conversations.push(conversation);
      }
    }
    assertThreadsFound(options.threads, conversations.length, available);
    return conversations;
  },
};
