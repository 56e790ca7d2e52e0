import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ParseOptions } from '../chats/format.js';
import { type AttachmentLink, linkAttachments, type StoredReplay } from '../chats/replay-stored.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import {
  DERIVED_DIR,
  DIR_MODE,
  EVIDENCE_DIR,
  EVIDENCE_FILE_MODE,
  FILE_MODE,
} from '../model/case-layout.js';
import type {
  Attachment,
  ConversationHeader,
  MessageTime,
  ParsedConversation,
} from '../model/conversation.js';
import { EvidenceError, InterruptedError, UsageError } from '../model/errors.js';
import type { ExcludedReason, Exhibit, ExhibitFile } from '../model/exhibit.js';
import { renderText } from '../model/messages.js';
import type { RecordedTime } from '../model/time.js';
import type { ConversationInput } from './conversation-input.js';
import { copyAndHash, hashFile, hashStream } from './hash.js';
import type { ExhibitDetails, IngestContext } from './ingest-file.js';
import { attachmentKey, innerMediaKey, type MediaDecision } from './media-gate.js';
import { detectMime } from './metadata.js';
import { noteText } from './notes.js';
import { makeUniqueStoredPath, toSafeFileName } from './stored-name.js';

export interface ConversationOptions {
  /** Attachment names (or paths inside the export) to keep out: hashed in place, never extracted. */
  readonly excludeAttachments: readonly string[];
  /**
   * The gate's decision for each image and video of the export, by {@link innerMediaKey}: anything
   * but `copy` is hashed in place, never written (see media-gate.ts).
   */
  readonly mediaDecisions: ReadonlyMap<string, MediaDecision>;
  readonly parseOptions: ParseOptions;
  /** The participant who is the child (add --victim-name): must be one of the conversation's. */
  readonly victimName?: string;
}

/** Paths of the derived files of a conversation exhibit, relative to the case folder. */
export function derivedPaths(exhibitNumber: number) {
  const folder = `${DERIVED_DIR}/P${exhibitNumber}`;
  return {
    folder,
    header: `${folder}/conversation.json`,
    messages: `${folder}/messages.jsonl`,
    /** Instead of messages.jsonl when the format reads its messages again from the chat file. */
    replay: `${folder}/messages.json`,
  };
}

/**
 * Takes one conversation of a chat export in as an exhibit: copies the export's files that belong to
 * it (the chat file, its attachments; the container itself for the first conversation) into
 * `evidence/P<n>/`, hashing each in the same pass; hashes excluded attachments in place without
 * writing them anywhere; writes the parsed conversation to `derived/P<n>/` with every attachment
 * linked to its hash. On any failure both folders are removed.
 */
export async function ingestConversation(
  input: ConversationInput,
  conversation: ParsedConversation,
  isFirstOfExport: boolean,
  exhibitNumber: number,
  details: ExhibitDetails,
  options: ConversationOptions,
  context: IngestContext,
): Promise<Exhibit> {
  const victimName = findVictim(conversation, options.victimName);
  const evidenceFolder = join(context.caseDir, EVIDENCE_DIR, `P${exhibitNumber}`);
  const derived = derivedPaths(exhibitNumber);
  const derivedFolder = join(context.caseDir, derived.folder);
  await mkdir(evidenceFolder, { mode: DIR_MODE });
  await mkdir(derivedFolder, { mode: DIR_MODE });
  try {
    const { sourceFiles, attachmentPaths, embedded } = await collectReferences(
      conversation,
      context.signal,
    );
    /** What is kept out, and why: the user's exclusions, then the gate's decisions. */
    const excluded = new Map<string, ExcludedReason>();
    for (const path of attachmentPaths) {
      if (isExcludedByUser(path, options.excludeAttachments))
        excluded.set(path, 'excluded-by-user');
    }
    for (const [key, attachment] of embedded) {
      if (isExcludedByUser(attachment.name, options.excludeAttachments))
        excluded.set(key, 'excluded-by-user');
    }
    const unreferenced = isFirstOfExport ? conversation.header.unreferencedFiles : [];
    for (const key of [...attachmentPaths, ...embedded.keys(), ...unreferenced]) {
      const decision = options.mediaDecisions.get(innerMediaKey(input.path, key));
      if (!decision || decision === 'copy') continue;
      excluded.set(
        key,
        decision === 'sensitive'
          ? 'sensitive'
          : attachmentPaths.has(key) || embedded.has(key)
            ? 'excluded-by-user'
            : 'unreferenced',
      );
    }
    const containerHasExclusions = excluded.size > 0;
    const files: ExhibitFile[] = [];
    const byExportPath = new Map<string, ExhibitFile>();
    const notes: string[] = [];
    // Every stored path of this exhibit, so that two names made safe alike never collide.
    const usedStoredPaths = new Set<string>();

    if (isFirstOfExport && input.source.container !== 'folder') {
      // The file the user gave (a .txt, .json or .zip), kept whole unless it holds an excluded attachment.
      const name = basename(input.path);
      if (containerHasExclusions) {
        const result = await hashFile(input.path, undefined, context.signal);
        files.push({
          role: 'original',
          name,
          sourcePath: input.path,
          size: result.size,
          sha256: result.sha256,
          mime: await detectMime(result.head),
          isExcluded: true,
          excludedReason: 'excluded-by-user',
        });
        notes.push(noteText(context.language, 'containerNotCopied', { name }));
      } else {
        const storedPath = makeUniqueStoredPath(
          `${EVIDENCE_DIR}/P${exhibitNumber}/${toSafeFileName(name)}`,
          usedStoredPaths,
        );
        const result = await copyAndHash(
          input.path,
          join(context.caseDir, storedPath),
          EVIDENCE_FILE_MODE,
          undefined,
          context.signal,
        );
        const file: ExhibitFile = {
          role: 'original',
          name,
          sourcePath: input.path,
          storedPath,
          size: result.size,
          sha256: result.sha256,
          mime: await detectMime(result.head),
        };
        files.push(file);
        if (input.source.container === 'file') {
          for (const path of sourceFiles) byExportPath.set(path, file);
        }
      }
    }

    // Files inside a folder or zip: the chat file(s), attachments, and (first conversation) unreferenced files.
    const entryPaths = new Set<string>();
    if (input.source.container !== 'file') {
      for (const path of sourceFiles) entryPaths.add(path);
      for (const path of attachmentPaths) entryPaths.add(path);
      for (const path of unreferenced) entryPaths.add(path);
    }
    const known = new Set(input.source.entries.map((entry) => entry.path));
    for (const path of [...entryPaths].sort()) {
      if (!known.has(path)) continue;
      const isAttachment = attachmentPaths.has(path);
      const role: ExhibitFile['role'] = isAttachment ? 'attachment' : 'export-file';
      const sourcePath =
        input.source.container === 'zip' ? `${input.path}!/${path}` : join(input.path, path);
      const file = await takeStream(await input.source.open(path), {
        role,
        name: path,
        sourcePath,
        storedPath: excluded.has(path)
          ? undefined
          : makeUniqueStoredPath(
              `${EVIDENCE_DIR}/P${exhibitNumber}/${safeRelativePath(path)}`,
              usedStoredPaths,
            ),
        excludedReason: excluded.get(path),
        context,
      });
      files.push(file);
      byExportPath.set(path, file);
    }

    // Attachments stored inside an entry (MMS images in an SMS backup, e-mail attachments).
    const usedNames = new Set<string>();
    for (const [key, attachment] of embedded) {
      if (!input.format.openEmbedded || !attachment.embedded) continue;
      const sourcePath = `${input.path}!/${key}`;
      const stream = await input.format.openEmbedded(input.source, attachment.embedded);
      let storedPath: string | undefined;
      if (!excluded.has(key)) {
        let name = toSafeFileName(attachment.name);
        for (let counter = 2; usedNames.has(name); counter += 1) {
          name = `${counter}-${toSafeFileName(attachment.name)}`;
        }
        usedNames.add(name);
        storedPath = `${EVIDENCE_DIR}/P${exhibitNumber}/attachments/${name}`;
      }
      const file = await takeStream(stream, {
        role: 'attachment',
        name: attachment.name,
        sourcePath,
        storedPath,
        excludedReason: excluded.get(key),
        context,
      });
      files.push(file);
      byExportPath.set(key, file);
    }

    const header: ConversationHeader = conversation.header;
    const messagesPath = await writeDerived(
      context.caseDir,
      derived,
      header,
      conversation,
      byExportPath,
      Boolean(input.format.replay),
      context.signal,
    );

    const notAsked = [...excluded.values()].filter((reason) => reason === 'unreferenced').length;
    if (excluded.size > notAsked) {
      notes.push(
        noteText(context.language, 'attachmentsExcluded', { count: excluded.size - notAsked }),
      );
    }
    if (notAsked > 0) {
      notes.push(noteText(context.language, 'unreferencedNotCopied', { count: notAsked }));
    }
    for (const note of header.notes) notes.push(renderText(context.language, note));

    const times: RecordedTime[] = [];
    // One e-mail (or a one-message chat) has one time: its first and last are the same, shown once.
    const bounds = [header.firstMessageAt, header.lastMessageAt];
    if (isSameTime(bounds[0], bounds[1])) bounds.pop();
    for (const time of bounds) {
      if (!time || time.unreadable !== undefined) continue;
      times.push({
        source: header.timesSource ?? 'export',
        precision: time.precision,
        ...(time.instant ? { instant: time.instant } : {}),
        ...(time.wallClock ? { wallClock: time.wallClock } : {}),
        ...(time.zone
          ? { zone: time.zone, isZoneAssumed: !time.instant || Boolean(time.wallClock) }
          : {}),
      });
    }

    return {
      number: exhibitNumber,
      kind: input.format.exhibitKind ?? 'conversation',
      ...(details.description ? { description: details.description } : {}),
      app: details.app ?? input.format.app,
      ...(details.device ? { device: details.device } : {}),
      isSensitive: false,
      addedAt: context.addedAt,
      addedBy: context.operator,
      files,
      times,
      conversation: {
        format: input.format.id,
        title: header.title,
        messageCount: header.messageCount,
        participants: header.participants.map((participant) => participant.name),
        headerPath: derived.header,
        messagesPath,
        timeZone: options.parseOptions.timeZone,
        ...(options.parseOptions.dateOrder ? { dateOrder: options.parseOptions.dateOrder } : {}),
        ...(victimName ? { victimName } : {}),
      },
      notes,
    };
  } catch (error) {
    await rm(evidenceFolder, { recursive: true, force: true });
    await rm(derivedFolder, { recursive: true, force: true });
    if (error instanceof EvidenceError || error instanceof InterruptedError) throw error;
    throw new EvidenceError(
      {
        code: 'error.evidence.ingestConversation.conversationTakenNothing',
        params: {
          path: input.path,
          title: conversation.header.title,
          value: (error as Error).message,
        },
      },
      { cause: error },
    );
  }
}

/**
 * Takes one file of an export from a stream: with `storedPath`, writes it there (read-only) while
 * hashing it and re-hashes the copy; without, hashes it in place and writes nothing (an excluded
 * attachment).
 */
async function takeStream(
  stream: AsyncIterable<Buffer | string>,
  target: {
    readonly role: ExhibitFile['role'];
    readonly name: string;
    readonly sourcePath: string;
    readonly storedPath: string | undefined;
    readonly excludedReason?: ExcludedReason | undefined;
    readonly context: IngestContext;
  },
): Promise<ExhibitFile> {
  const { role, name, sourcePath, storedPath, context } = target;
  if (!storedPath) {
    const result = await hashStream(stream, undefined, context.signal);
    return {
      role,
      name,
      sourcePath,
      size: result.size,
      sha256: result.sha256,
      mime: await detectMime(result.head),
      isExcluded: true,
      excludedReason: target.excludedReason ?? 'excluded-by-user',
    };
  }
  const destination = join(context.caseDir, storedPath);
  await mkdir(dirname(destination), { recursive: true, mode: DIR_MODE });
  const result = await hashStream(
    stream,
    { path: destination, mode: EVIDENCE_FILE_MODE },
    context.signal,
  );
  const check = await hashFile(destination);
  if (check.sha256 !== result.sha256) {
    throw new EvidenceError({
      code: 'error.evidence.ingestConversation.copyMatchWhat',
      params: { sourcePath },
    });
  }
  return {
    role,
    name,
    sourcePath,
    storedPath,
    size: result.size,
    sha256: result.sha256,
    mime: await detectMime(result.head),
  };
}

/** The export files the conversation's messages come from, and the attachments they reference. */
async function collectReferences(conversation: ParsedConversation, signal?: AbortSignal) {
  const sourceFiles = new Set<string>();
  const attachmentPaths = new Set<string>();
  /** Attachments stored inside an entry (MMS parts, e-mail attachments), by their key. */
  const embedded = new Map<string, Attachment>();
  const { references } = conversation;
  for (const file of references?.sourceFiles ?? []) sourceFiles.add(file);
  const messages = references ? references.attachmentMessages() : conversation.messages();
  for await (const message of messages) {
    if (signal?.aborted) throw new InterruptedError();
    sourceFiles.add(message.source.file);
    for (const attachment of message.attachments) {
      if (attachment.embedded && !attachment.exportPath) {
        embedded.set(attachmentKey(attachment), attachment);
        continue;
      }
      attachmentPaths.add(attachmentKey(attachment));
    }
  }
  return { sourceFiles, attachmentPaths, embedded };
}

function isExcludedByUser(path: string, names: readonly string[]): boolean {
  const name = basename(path);
  return names.some((wanted) => wanted === path || wanted === name);
}

/**
 * Writes derived/P<n>/conversation.json, then the messages: when the format can read them again
 * from the chat file's evidence copy, only how to (messages.json, see StoredReplay); else every
 * message, one per line (messages.jsonl, streamed). Returns the messages file's path.
 */
async function writeDerived(
  caseDir: string,
  derived: ReturnType<typeof derivedPaths>,
  header: ConversationHeader,
  conversation: ParsedConversation,
  byExportPath: ReadonlyMap<string, ExhibitFile>,
  canReplay: boolean,
  signal?: AbortSignal,
): Promise<string> {
  await writeFileAtomic(join(caseDir, derived.header), `${JSON.stringify(header, null, 2)}\n`);
  const replay = conversation.replay;
  const copy = replay ? byExportPath.get(replay.file) : undefined;
  if (canReplay && replay && copy?.storedPath) {
    const links: Record<string, AttachmentLink> = {};
    for (const [key, file] of byExportPath) {
      if (key === replay.file) continue;
      links[key] = {
        sha256: file.sha256,
        size: file.size,
        ...(file.storedPath ? { storedPath: file.storedPath } : {}),
        ...(file.isExcluded ? { isExcluded: true } : {}),
      };
    }
    const stored: StoredReplay = {
      replay: 1,
      format: replay.format,
      file: replay.file,
      storedPath: copy.storedPath,
      sha256: copy.sha256,
      plan: replay.plan,
      links,
    };
    await writeFileAtomic(join(caseDir, derived.replay), `${JSON.stringify(stored)}\n`);
    return derived.replay;
  }
  const stream = createWriteStream(join(caseDir, derived.messages), {
    mode: FILE_MODE,
    flags: 'wx',
  });
  try {
    for await (const message of conversation.messages()) {
      if (signal?.aborted) throw new InterruptedError();
      const line = `${JSON.stringify(linkAttachments(message, byExportPath))}\n`;
      if (!stream.write(line)) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return derived.messages;
}

/** A path inside an export made safe component by component (`media/IMG 1.jpg` → `media/IMG_1.jpg`). */
function safeRelativePath(path: string): string {
  return path
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .map(toSafeFileName)
    .join('/');
}

/**
 * The participant named by --victim-name, as the export spells it (name or id, any case), or
 * undefined when none was given. Checked before anything is written, so a wrong name changes nothing.
 */
function findVictim(
  conversation: ParsedConversation,
  wanted: string | undefined,
): string | undefined {
  if (!wanted) return undefined;
  const key = wanted.trim().toLowerCase();
  const participants = conversation.header.participants;
  const found = participants.find(
    (p) => p.name.toLowerCase() === key || p.id?.toLowerCase() === key,
  );
  if (found) return found.name;
  throw new UsageError({
    code: 'error.evidence.ingestConversation.victimNameParticipant',
    params: {
      wanted,
      title: conversation.header.title,
      participants: participants.map((p) => p.name).join(', ') || 'none',
    },
  });
}

function isSameTime(first: MessageTime | undefined, last: MessageTime | undefined): boolean {
  return (
    first !== undefined &&
    last !== undefined &&
    first.instant === last.instant &&
    first.wallClock === last.wallClock &&
    first.zone === last.zone
  );
}
