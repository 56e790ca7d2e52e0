import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { detectChatFormat } from '../chats/detect.js';
import type { ExportSource } from '../chats/export-source.js';
import type { ParseOptions } from '../chats/format.js';
import { chatFormats } from '../chats/registry.js';
import { openExportSource } from '../chats/sources/open-export-source.js';
import { PreuveError } from '../model/errors.js';
import { toFsPath } from '../model/fs-path.js';
import type { Message } from '../model/messages.js';
import type { CollectedFile } from './collect.js';
import type { ConversationInput } from './conversation-input.js';
import { detectMime } from './metadata.js';

/** What `add` will take in, in the order given: plain files and recognised chat exports. */
export type IntakeItem =
  | {
      readonly kind: 'file';
      readonly file: CollectedFile;
      /** Its MIME type from its first bytes, sniffed once here for the intimate-image gate too. */
      readonly mime?: string;
      /** A zip that could not be read, so no conversation could be found in it: why. */
      readonly unreadable?: string;
    }
  | { readonly kind: 'chat'; readonly input: ConversationInput };

/** Types a chat export can have when given as one file: what the formats say they accept. */
const CHAT_CONTAINER_TYPES = new Set(chatFormats.flatMap((format) => format.fileTypes));

export interface RecogniseOptions {
  readonly forcedFormat?: string;
  readonly parseOptions: ParseOptions;
  /** A text file that is not a chat is added as a plain file, with this message. */
  readonly onNotAChat?: (path: string) => void;
  /** A zip that cannot be read (truncated, damaged): said before anything is added. */
  readonly onUnreadable?: (path: string, reason: Message) => void;
}

/**
 * Finds the chat exports among what the user gave — a folder that is an export as a whole, or a
 * file of a type some format accepts — by content, and parses them (without copying anything yet), so
 * that an export that cannot be read stops the command before the first copy.
 * With `forcedFormat` (--format) every path given is read as that format.
 * Returns the items in order, and the sources to close when done.
 */
export async function recogniseChats(
  givenPaths: readonly string[],
  files: readonly CollectedFile[],
  options: RecogniseOptions,
): Promise<{ items: IntakeItem[]; sources: ExportSource[] }> {
  const sources: ExportSource[] = [];
  const items: IntakeItem[] = [];
  const exportFolders: string[] = [];
  try {
    for (const given of givenPaths) {
      const path = resolve(given);
      if (!(await stat(toFsPath(path))).isDirectory()) continue;
      const attempt = await tryExport(path, options, sources, true);
      const input = attempt && 'input' in attempt ? attempt.input : undefined;
      if (input) {
        exportFolders.push(path);
        items.push({ kind: 'chat', input });
      }
    }
    for (const file of files) {
      if (exportFolders.some((folder) => file.path.startsWith(folder + sep))) continue;
      const mime = file.size > 0 ? await sniff(file.realPath) : 'application/x-empty';
      const attempt =
        file.size > 0 && (options.forcedFormat || CHAT_CONTAINER_TYPES.has(mime))
          ? await tryExport(
              file.realPath,
              options,
              sources,
              Boolean(options.forcedFormat),
              file.path,
            )
          : undefined;
      if (attempt && 'input' in attempt) items.push({ kind: 'chat', input: attempt.input });
      else if (attempt && mime === 'application/zip') {
        // A chat zip cut short in a download looks like any damaged zip: say it, never silently.
        options.onUnreadable?.(file.path, attempt.reason);
        items.push({ kind: 'file', file, mime, unreadable: attempt.unreadable });
      } else {
        if (mime === 'text/plain') options.onNotAChat?.(file.path);
        items.push({ kind: 'file', file, mime });
      }
    }
    return { items, sources };
  } catch (error) {
    await Promise.all(sources.map((source) => source.close().catch(() => {})));
    throw error;
  }
}

async function tryExport(
  path: string,
  options: RecogniseOptions,
  sources: ExportSource[],
  isForcedOrFolder: boolean,
  givenPath = path,
): Promise<{ input: ConversationInput } | { unreadable: string; reason: Message } | undefined> {
  let source: ExportSource;
  try {
    source = await openExportSource(path);
  } catch (error) {
    // A zip or folder that cannot be read as an export: a plain file after all, unless forced.
    if (options.forcedFormat) throw error;
    const message = (error as Error).message;
    // The English sentence for the dossier's note; the code for the reader's terminal.
    const reason =
      error instanceof PreuveError
        ? error.detail
        : { code: 'error.text', params: { text: message } };
    return { unreadable: message, reason };
  }
  const detected = await detectChatFormat(source, options.forcedFormat);
  if (!detected) {
    await source.close();
    return undefined;
  }
  sources.push(source);
  const conversations = await detected.format.parse(source, options.parseOptions);
  if (conversations.length === 0 && !isForcedOrFolder) return undefined;
  return { input: { path: givenPath, source, format: detected.format, conversations } };
}

/**
 * Synchronous on purpose: three asynchronous calls per file, each waiting its turn in libuv's
 * thread pool, cost more than reading 4 KB (thousands of small files).
 */
async function sniff(path: string): Promise<string> {
  const fd = openSync(toFsPath(path), 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return detectMime(buffer.subarray(0, bytesRead));
  } finally {
    closeSync(fd);
  }
}
