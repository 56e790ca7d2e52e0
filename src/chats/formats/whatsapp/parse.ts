import { basename, dirname } from 'node:path/posix';
import type { ParsedConversation } from '../../../model/conversation.js';
import { EvidenceError } from '../../../model/errors.js';
import type { ExportSource } from '../../export-source.js';
import type { ChatFormat, ParseOptions } from '../../format.js';
import { decodeTextHead } from '../../text-lines.js';
import { WallClockConverter } from '../../time.js';
import { buildConversation, replayMessages } from './conversation.js';
import { parseHeader } from './header.js';
import { scanChat } from './scan.js';

/** Names WhatsApp gives its chat file, in the languages seen (CHAT-FORMATS.md §1.1). */
const CHAT_FILE_NAME =
  /^(?:_chat|WhatsApp[ _]Chat[ _](?:with|mit|-)|Discussion[ _]WhatsApp[ _]avec|Chat[ _]de[ _]WhatsApp[ _]con|Conversa[ _]do[ _]WhatsApp[ _]com|Chat[ _]WhatsApp[ _]con)/i;
const HEAD_BYTES = 64 * 1024;
const MAX_CANDIDATES = 20;
const DETECTED = 0.5;

/** WhatsApp "Export chat", Android and iPhone, every locale, as `.txt`, `.zip` or folder. */
export const whatsappFormat: ChatFormat = {
  id: 'whatsapp',
  label: 'WhatsApp (Android/iPhone .txt export)',
  app: 'WhatsApp',
  fileTypes: ['text/plain', 'application/zip'],
  options: ['dateOrder'],
  detect: async (source) => {
    let best = 0;
    for (const path of listChatCandidates(source)) {
      best = Math.max(best, await scoreChatFile(source, path));
    }
    return best;
  },
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

/** `.txt` entries, WhatsApp-named ones first. */
function listChatCandidates(source: ExportSource): string[] {
  const texts = source.entries
    .map((entry) => entry.path)
    .filter((path) => path.toLowerCase().endsWith('.txt'));
  const rank = (path: string): number => {
    const name = basename(path);
    return name === '_chat.txt' ? 0 : CHAT_FILE_NAME.test(name) ? 1 : 2;
  };
  return texts.sort((a, b) => rank(a) - rank(b)).slice(0, MAX_CANDIDATES);
}

/** Confidence from the first 64 KiB: lines starting with a WhatsApp date header. */
async function scoreChatFile(source: ExportSource, path: string): Promise<number> {
  const head = await source.read(path, HEAD_BYTES);
  if (head.includes(0) && !(head[0] === 0xff || head[0] === 0xfe)) return 0;
  const lines = decodeTextHead(head).split('\n');
  // The last line may be cut by the 64 KiB; a first line longer than that is still read by its start.
  if (head.length >= HEAD_BYTES && lines.length > 1) lines.pop();
  const nonBlank = lines.filter((line) => line.trim() !== '').slice(0, 200);
  if (nonBlank.length === 0) return 0;
  const headers = nonBlank.filter((line) => parseHeader(line.replace(/\r$/, '')) !== undefined);
  if (headers.length === 0) return 0;
  let score = parseHeader(nonBlank[0]!.replace(/\r$/, '')) ? 0.7 : 0.4;
  if (headers.length >= 3) score += 0.2;
  if (CHAT_FILE_NAME.test(basename(path))) score += 0.1;
  if (headers.length / nonBlank.length < 0.1) score /= 2;
  return Math.round(Math.min(1, score) * 100) / 100;
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
