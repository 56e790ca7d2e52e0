/** Whether an export is WhatsApp's, from its `.txt` entries' names and first 64 KiB. */
import { basename } from 'node:path/posix';
import type { ExportSource } from '../../export-source.js';
import { decodeTextHead } from '../../text-lines.js';
import { parseHeader } from './header.js';

/** Names WhatsApp gives its chat file, in the languages seen (CHAT-FORMATS.md §1.1). */
const CHAT_FILE_NAME =
  /^(?:_chat|WhatsApp[ _]Chat[ _](?:with|mit|-)|Discussion[ _]WhatsApp[ _]avec|Chat[ _]de[ _]WhatsApp[ _]con|Conversa[ _]do[ _]WhatsApp[ _]com|Chat[ _]WhatsApp[ _]con)/i;
const HEAD_BYTES = 64 * 1024;
const MAX_CANDIDATES = 20;

/** The best score among the export's chat-file candidates. */
export async function detectWhatsApp(source: ExportSource): Promise<number> {
  let best = 0;
  for (const path of listChatCandidates(source)) {
    best = Math.max(best, await scoreChatFile(source, path));
  }
  return best;
}

/** `.txt` entries, WhatsApp-named ones first. */
export function listChatCandidates(source: ExportSource): string[] {
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
export async function scoreChatFile(source: ExportSource, path: string): Promise<number> {
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
