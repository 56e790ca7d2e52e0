import { dirname } from 'node:path/posix';
import type { ParsedConversation } from '../../../model/conversation.js';
import { EvidenceError } from '../../../model/errors.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormatParser, ParseOptions } from '../../format.js';
import { WallClockConverter } from '../../time.js';
import { buildConversation, replayMessages } from './conversation.js';
import { listChatCandidates, scoreChatFile } from './detect.js';
import { scanChat } from './scan.js';

const DETECTED = 0.5;

/** The parser, loaded by the descriptor when an export of this format is read. */
export const whatsappParser: ChatFormatParser = {
  parse: parseWhatsApp,
  replay: (source, plan) => replayMessages(source, source.entries[0]!.path, plan),
};

async function parseWhatsApp(
  source: ExportSource,
  options: ParseOptions,
): Promise<ParsedConversation[]> {
  const converter = new WallClockConverter(options.timeZone);
  const chatFiles: string[] = [];
  for (const path of listChatCandidates(source)) {
    if ((await scoreChatFile(source, path)) >= DETECTED) chatFiles.push(path);
  }
  if (chatFiles.length === 0) throw noChatError(source);

  const scans = [];
  for (const chatFile of chatFiles) scans.push(await scanChat(source, chatFile));
  const conversations = scans.map((scan) =>
    buildConversation(source, scan, converter, options.dateOrder),
  );
  assignUnreferencedFiles(source, conversations, chatFiles);
  return conversations.map((conversation) => conversation.parsed);
}

function noChatError(source: ExportSource): EvidenceError {
  return new EvidenceError({
    code: 'error.chats.formats.whatsapp.whatsappChatFound',
    params: { container: source.container, origin: source.origin },
  });
}

/** Files of the export that are neither a chat file nor referenced, each listed under one conversation. */
function assignUnreferencedFiles(
  source: ExportSource,
  conversations: ReturnType<typeof buildConversation>[],
  chatFiles: readonly string[],
): void {
  const referenced = new Set(
    conversations.flatMap((conversation) => [...conversation.referencedPaths]),
  );
  const chatDirs = chatFiles.map((path) => dirname(path));
  for (const entry of source.entries) {
    if (chatFiles.includes(entry.path) || referenced.has(entry.path)) continue;
    let owner = 0;
    let ownerDepth = -1;
    chatDirs.forEach((dir, index) => {
      const isInside = dir === '.' || entry.path.startsWith(`${dir}/`);
      if (isInside && dir.length > ownerDepth) {
        owner = index;
        ownerDepth = dir.length;
      }
    });
    conversations[owner]!.unreferencedFiles.push(entry.path);
  }
}
