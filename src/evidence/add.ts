import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import type { CustodyAction } from '../model/custody.js';
import { EvidenceError, InterruptedError, UsageError } from '../model/errors.js';
import { type Exhibit, formatExhibitId } from '../model/exhibit.js';
import { escapeFsName } from '../model/fs-path.js';
import type { Message } from '../model/messages.js';
import { clockTime } from '../model/zone.js';
import { type CollectedFile, collectFiles, type SkippedPath, skipPath } from './collect.js';
import { CopyWindow } from './copy-window.js';
import { makeDurable, SMALL_FILE_BYTES } from './hash.js';
import { ingestConversation } from './ingest-conversation.js';
import {
  describeOnly,
  type ExhibitDetails,
  type IngestContext,
  ingestRegularFile,
  ingestSensitiveFile,
} from './ingest-file.js';
import {
  type GatedMedia,
  listGatedMedia,
  type MediaDecider,
  type MediaDecision,
  scriptMediaPolicy,
} from './media-gate.js';
import { noteText } from './notes.js';
import { recogniseChats } from './recognise-chats.js';

/**
 * Saving case.json is O(exhibits): commit at most this often during a long add, and never more
 * often than four times the last commit took (on a busy machine, thousands of files otherwise
 * spent more time re-saving the case than copying).
 */
const COMMIT_INTERVAL_MS = 2_000;
const COMMIT_SPACING = 4;

export interface AddRequest extends ExhibitDetails {
  readonly paths: readonly string[];
  readonly isSensitive: boolean;
  readonly operator: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: AddEvent) => void;
  /** --format: read every path given as this chat format. */
  readonly format?: string;
  /** --timezone for chat exports' wall-clock times (default: the case's zone). */
  readonly timeZone?: string;
  readonly dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** --victim-name: the participant who is the child, checked against each conversation's. */
  readonly victimName?: string;
  readonly excludeAttachments?: readonly string[];
  readonly threads?: readonly string[];
  /** --include-unreferenced-media: copy the media of an export that no message names. */
  readonly includeUnreferencedMedia?: boolean;
  /**
   * The intimate-image gate: decides for every image and video before any byte is copied.
   * Default: {@link scriptMediaPolicy} from the flags above.
   */
  readonly decideMedia?: MediaDecider;
  /** Test hook, see IngestContext.afterCopy. */
  readonly afterCopy?: IngestContext['afterCopy'];
}

export type AddEvent =
  | {
      readonly type: 'start';
      readonly file: CollectedFile;
      readonly index: number;
      readonly total: number;
    }
  | { readonly type: 'progress'; readonly file: CollectedFile; readonly bytesDone: number }
  | { readonly type: 'added'; readonly exhibit: Exhibit; readonly file?: CollectedFile }
  | { readonly type: 'duplicate'; readonly path: string; readonly exhibitNumber: number }
  | {
      readonly type: 'chat';
      readonly path: string;
      /** The format's English label, as its descriptor says it. */
      readonly format: string;
      /** Its id: the terminal says its label in the reader's language (chat.format.<id>). */
      readonly formatId: string;
      readonly conversations: readonly string[];
    }
  | { readonly type: 'not-a-chat'; readonly path: string }
  | { readonly type: 'unreadable-export'; readonly path: string; readonly reason: Message }
  | {
      readonly type: 'withheld';
      readonly media: GatedMedia;
      readonly decision: Exclude<MediaDecision, 'copy'>;
    }
  | { readonly type: 'skipped'; readonly skipped: SkippedPath };

export interface AddResult {
  readonly added: readonly Exhibit[];
  /** Images and videos hashed where they are and not copied, with the decision that kept them out. */
  readonly withheld: readonly {
    readonly media: GatedMedia;
    readonly decision: Exclude<MediaDecision, 'copy'>;
  }[];
  readonly duplicates: readonly { readonly path: string; readonly exhibitNumber: number }[];
  readonly skipped: readonly SkippedPath[];
}

/**
 * Takes files into the case: each file becomes one exhibit, numbered in order. Everything is
 * checked before the first copy. Each exhibit is all-or-nothing; exhibits are committed to
 * case.json then the custody log in batches. An error or an interruption commits the exhibits
 * finished before it, then throws, naming what was added and what was not.
 */
export async function addEvidence(session: CaseSession, request: AddRequest): Promise<AddResult> {
  if (request.isSensitive && !request.description?.trim()) {
    throw new UsageError({ code: 'error.evidence.add.sensitiveItemNeeds' });
  }
  if (!request.isSensitive && request.paths.length === 0) {
    throw new UsageError({ code: 'error.evidence.add.nothingAddGive' });
  }
  if (!request.isSensitive && request.where) {
    throw new UsageError({ code: 'error.evidence.add.whereSensitiveItems' });
  }
  const collection = await collectFiles(request.paths);
  for (const skipped of collection.skipped) request.onEvent?.({ type: 'skipped', skipped });

  const caseFile = session.current();
  const knownHashes = new Map<string, number>();
  for (const exhibit of caseFile.exhibits) {
    // A withdrawn exhibit's file can come back in, under a new number.
    if (exhibit.withdrawn) continue;
    for (const key of identityKeys(exhibit)) knownHashes.set(key, exhibit.number);
  }
  const details: ExhibitDetails = {
    ...(request.description ? { description: request.description } : {}),
    ...(request.kind ? { kind: request.kind } : {}),
    ...(request.app ? { app: request.app } : {}),
    ...(request.device ? { device: request.device } : {}),
    ...(request.where ? { where: request.where } : {}),
  };

  let nextNumber = caseFile.nextExhibitNumber;
  const added: Exhibit[] = [];
  const pending: Exhibit[] = [];
  const duplicates: { path: string; exhibitNumber: number }[] = [];
  let lastCommit = Date.now();
  let lastCommitMs = 0;

  const commitPending = async () => {
    if (pending.length === 0) return;
    const startedAt = Date.now();
    await makeDurable(
      pending.flatMap((exhibit) =>
        exhibit.files.flatMap((file) =>
          file.storedPath ? [join(session.caseDir, file.storedPath)] : [],
        ),
      ),
      session.caseDir,
    );
    const current = session.current();
    await session.commit(
      {
        ...current,
        exhibits: [...current.exhibits, ...pending],
        nextExhibitNumber: pending.at(-1)!.number + 1,
      },
      pending.map(custodyForAdd),
    );
    pending.length = 0;
    lastCommitMs = Date.now() - startedAt;
    lastCommit = Date.now();
  };

  if (request.isSensitive && request.paths.length === 0) {
    const context = makeContext(session, request, caseFile.timeZone);
    const exhibit = describeOnly(nextNumber, details, context);
    pending.push(exhibit);
    added.push(exhibit);
    await commitPending();
    request.onEvent?.({ type: 'added', exhibit });
    return { added, withheld: [], duplicates, skipped: collection.skipped };
  }

  const recognised = request.isSensitive
    ? { items: collection.files.map((file) => ({ kind: 'file' as const, file })), sources: [] }
    : await recogniseChats(request.paths, collection.files, {
        ...(request.format ? { forcedFormat: request.format } : {}),
        parseOptions: {
          timeZone: request.timeZone ?? caseFile.timeZone,
          language: caseFile.language,
          ...(request.dateOrder ? { dateOrder: request.dateOrder } : {}),
          ...(request.threads?.length ? { threads: request.threads } : {}),
        },
        onNotAChat: (path) => request.onEvent?.({ type: 'not-a-chat', path }),
        onUnreadable: (path, reason) =>
          request.onEvent?.({ type: 'unreadable-export', path, reason }),
      });

  // The gate: every image and video gets its decision here, before the first byte is copied.
  const decide =
    request.decideMedia ??
    scriptMediaPolicy({
      isSensitive: request.isSensitive,
      excludeAttachments: request.excludeAttachments ?? [],
      includeUnreferencedMedia: Boolean(request.includeUnreferencedMedia),
    });
  const decisions = new Map<string, MediaDecision>();
  const withheld: AddResult['withheld'][number][] = [];
  try {
    for (const media of await listGatedMedia(recognised.items, request.signal)) {
      const decision = request.isSensitive ? 'sensitive' : decide(media);
      decisions.set(media.key, decision);
      if (decision !== 'copy') withheld.push({ media, decision });
    }
  } catch (error) {
    await Promise.all(recognised.sources.map((source) => source.close().catch(() => {})));
    throw error;
  }
  if (!request.isSensitive) {
    for (const item of withheld) request.onEvent?.({ type: 'withheld', ...item });
  }

  const accept = async (exhibit: Exhibit, path: string, file?: CollectedFile) => {
    const existing = identityKeys(exhibit)
      .map((key) => knownHashes.get(key))
      .find((number) => number !== undefined);
    if (existing !== undefined) {
      await discardCopy(session, exhibit);
      duplicates.push({ path, exhibitNumber: existing });
      request.onEvent?.({ type: 'duplicate', path, exhibitNumber: existing });
      return false;
    }
    for (const key of identityKeys(exhibit)) knownHashes.set(key, exhibit.number);
    nextNumber += 1;
    pending.push(exhibit);
    added.push(exhibit);
    request.onEvent?.({ type: 'added', exhibit, ...(file ? { file } : {}) });
    const interval = Math.max(COMMIT_INTERVAL_MS, COMMIT_SPACING * lastCommitMs);
    if (Date.now() - lastCommit > interval) await commitPending();
    return true;
  };

  const acceptFile = (task: FileTask, exhibit: Exhibit) =>
    accept(
      task.unreadable
        ? {
            ...exhibit,
            notes: [...exhibit.notes, noteText(task.context.language, 'unreadableExport')],
          }
        : exhibit,
      task.file.path,
      task.file,
    );
  // Small files the gate lets through are copied several at a time, accepted in order.
  const window = new CopyWindow<FileTask>(
    (task, number) => ingestRegularFile(task.file, number, details, task.context, task.mime),
    (exhibit) => discardCopy(session, exhibit),
  );
  const landAll = () => window.landAll(acceptFile, () => nextNumber);

  try {
    const total = recognised.items.length;
    for (const [index, item] of recognised.items.entries()) {
      if (request.signal?.aborted) throw new InterruptedError();
      const baseContext = {
        ...makeContext(session, request, caseFile.timeZone),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.afterCopy ? { afterCopy: request.afterCopy } : {}),
      };
      if (item.kind === 'chat') {
        await landAll();
        request.onEvent?.({
          type: 'chat',
          path: item.input.path,
          format: item.input.format.label,
          formatId: item.input.format.id,
          conversations: item.input.conversations.map((conversation) => conversation.header.title),
        });
        for (const [position, conversation] of item.input.conversations.entries()) {
          if (request.signal?.aborted) throw new InterruptedError();
          if (conversation.header.messageCount === 0 && position > 0) {
            request.onEvent?.({
              type: 'skipped',
              skipped: skipPath(
                `${item.input.path} (${conversation.header.title})`,
                'evidence.skipped.emptyConversation',
              ),
            });
            continue;
          }
          const exhibit = await ingestConversation(
            item.input,
            conversation,
            position === 0,
            nextNumber,
            details,
            {
              excludeAttachments: request.excludeAttachments ?? [],
              mediaDecisions: decisions,
              ...(request.victimName ? { victimName: request.victimName } : {}),
              parseOptions: {
                timeZone: request.timeZone ?? caseFile.timeZone,
                language: caseFile.language,
                ...(request.dateOrder ? { dateOrder: request.dateOrder } : {}),
              },
            },
            baseContext,
          );
          await accept(exhibit, item.input.path);
        }
        continue;
      }
      const file = item.file;
      request.onEvent?.({ type: 'start', file, index, total });
      const context: IngestContext = {
        ...baseContext,
        onProgress: (bytesDone) => request.onEvent?.({ type: 'progress', file, bytesDone }),
      };
      const decision = decisions.get(file.path) ?? 'copy';
      const task: FileTask = {
        file,
        context,
        ...('mime' in item && item.mime ? { mime: item.mime } : {}),
        ...('unreadable' in item && item.unreadable ? { unreadable: true } : {}),
      };
      const isCopied = !request.isSensitive && decision === 'copy';
      if (isCopied && file.size <= SMALL_FILE_BYTES) {
        window.launch(task, nextNumber);
        if (window.isFull) await window.landOldest(acceptFile, () => nextNumber);
        continue;
      }
      await landAll();
      const exhibit = isCopied
        ? await ingestRegularFile(file, nextNumber, details, context, task.mime)
        : await ingestSensitiveFile(file, nextNumber, details, context);
      await acceptFile(task, exhibit);
    }
    await landAll();
    await commitPending();
  } catch (error) {
    // The files copied behind the one that failed are not added: their copies are removed.
    await window.abandon();
    await commitPending();
    if (error instanceof InterruptedError) {
      throw new InterruptedError({
        code: 'error.evidence.add.interrupted',
        params: { describeAdded: describeAdded(added) },
      });
    }
    if (error instanceof EvidenceError && added.length > 0) {
      throw new EvidenceError(
        {
          code: 'error.evidence.add.failed',
          params: { reason: error.detail, describeAdded: describeAdded(added) },
        },
        { cause: error },
      );
    }
    throw error;
  } finally {
    await Promise.all(recognised.sources.map((source) => source.close().catch(() => {})));
  }
  return { added, withheld, duplicates, skipped: collection.skipped };
}

/** A plain file to take in, with what was learnt about it before the first copy. */
interface FileTask {
  readonly file: CollectedFile;
  readonly context: IngestContext;
  /** Its type, sniffed for the intimate-image gate. */
  readonly mime?: string;
  /** A zip that could not be read as a chat export. */
  readonly unreadable?: boolean;
}

function makeContext(session: CaseSession, request: AddRequest, timeZone: string): IngestContext {
  return {
    caseDir: session.caseDir,
    timeZone,
    language: session.current().language,
    operator: request.operator,
    addedAt: clockTime(request.clock.now(), timeZone),
  };
}

async function discardCopy(session: CaseSession, exhibit: Exhibit): Promise<void> {
  const id = formatExhibitId(exhibit.number);
  await rm(join(session.paths.evidenceDir, id), { recursive: true, force: true });
  await rm(join(session.paths.derivedDir, id), { recursive: true, force: true });
}

function describeAdded(added: readonly Exhibit[]): Message {
  if (added.length === 0) return { code: 'evidence.added.none' };
  const first = formatExhibitId(added[0]!.number);
  const last = formatExhibitId(added.at(-1)!.number);
  return added.length === 1
    ? { code: 'evidence.added.one', params: { first } }
    : { code: 'evidence.added.many', params: { first, last } };
}

/**
 * What makes an exhibit the same as one already in the case: a file's SHA-256; for a conversation,
 * its format, title and the hashes of the export files it came from (several conversations of one
 * export share those files, so the hashes alone would not tell them apart).
 */
function identityKeys(exhibit: Exhibit): string[] {
  if (exhibit.conversation) {
    const hashes = exhibit.files
      .filter((file) => file.role !== 'attachment')
      .map((file) => file.sha256)
      .sort()
      .join(',');
    return [`conversation:${exhibit.conversation.format}:${exhibit.conversation.title}:${hashes}`];
  }
  return exhibit.files.filter((file) => file.role !== 'attachment').map((file) => file.sha256);
}

/** The custody line for one added exhibit: enough to re-check it without case.json. */
export function custodyForAdd(exhibit: Exhibit): CustodyAction {
  return {
    action: 'add',
    details: {
      exhibit: formatExhibitId(exhibit.number),
      kind: exhibit.kind,
      isSensitive: exhibit.isSensitive,
      files: exhibit.files.map((file) => ({
        name: escapeFsName(file.name),
        sourcePath: file.sourcePath,
        ...(file.storedPath ? { storedPath: file.storedPath } : {}),
        size: file.size,
        sha256: file.sha256,
        ...(file.isExcluded ? { isExcluded: true } : {}),
      })),
    },
  };
}
