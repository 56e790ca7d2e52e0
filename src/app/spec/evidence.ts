import { AmbiguousDateOrderError } from '../../chats/date-order-error.js';
import { addEvidence } from '../../evidence/add.js';
import type { CaseSession } from '../../model/case-session.js';
import type { Clock } from '../../model/clock.js';
import { EvidenceError, UsageError } from '../../model/errors.js';
import { type Exhibit, formatExhibitId } from '../../model/exhibit.js';
import type { Message } from '../../model/messages.js';
import type { LoadedSpec } from './load.js';
import type { EvidenceEntry } from './schema.js';

export interface EvidenceOutcome {
  readonly added: readonly Exhibit[];
  /** Entries or files already in the case (same SHA-256, or the same description-only item). */
  readonly duplicates: number;
  readonly skipped: number;
}

export interface ApplyEvidenceOptions {
  readonly operator: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: Message) => void;
}

/**
 * Adds the spec's evidence entries in order. Files already in the case are recognised by their
 * SHA-256 and a description-only item by its description, so applying the same spec twice adds
 * nothing the second time. An error names the entry (`evidence[2]`) and the spec field that fixes it.
 */
export async function applyEvidence(
  session: CaseSession,
  loaded: LoadedSpec,
  paths: readonly (string | undefined)[],
  options: ApplyEvidenceOptions,
): Promise<EvidenceOutcome> {
  const added: Exhibit[] = [];
  let duplicates = 0;
  let skipped = 0;
  for (const [index, entry] of (loaded.spec.evidence ?? []).entries()) {
    const path = paths[index];
    if (!path && isAlreadyDescribed(session, entry)) {
      duplicates += 1;
      continue;
    }
    options.onProgress?.({
      code: 'spec.progress.evidence',
      params: { index, path: entry.path ?? { code: 'cli.exhibit.descriptionOnly' } },
    });
    try {
      const result = await addEvidence(session, {
        paths: path ? [path] : [],
        isSensitive: Boolean(entry.sensitive),
        operator: options.operator,
        clock: options.clock,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(entry.description ? { description: entry.description } : {}),
        ...(entry.kind ? { kind: entry.kind } : {}),
        ...(entry.app ? { app: entry.app } : {}),
        ...(entry.device ? { device: entry.device } : {}),
        ...(entry.where ? { where: entry.where } : {}),
        ...(entry.format ? { format: entry.format } : {}),
        ...(entry.timeZone ? { timeZone: entry.timeZone } : {}),
        ...(entry.dateOrder ? { dateOrder: entry.dateOrder } : {}),
        ...(entry.excludeAttachments ? { excludeAttachments: entry.excludeAttachments } : {}),
        ...(entry.threads ? { threads: entry.threads } : {}),
        ...(entry.includeUnreferencedMedia ? { includeUnreferencedMedia: true } : {}),
      });
      added.push(...result.added);
      duplicates += result.duplicates.length;
      skipped += result.skipped.length;
    } catch (error) {
      throw explainEntryError(error, loaded.file, index, entry);
    }
  }
  return { added, duplicates, skipped };
}

function isAlreadyDescribed(session: CaseSession, entry: EvidenceEntry): boolean {
  return session
    .current()
    .exhibits.some(
      (exhibit) =>
        exhibit.isDescriptionOnly &&
        exhibit.description === entry.description &&
        (exhibit.where ?? undefined) === entry.where,
    );
}

/** Puts the spec and the entry in front of the core's message; a question becomes a field to set. */
function explainEntryError(
  error: unknown,
  specFile: string,
  index: number,
  entry: EvidenceEntry,
): unknown {
  const where = `${specFile}: evidence[${index}]${entry.path ? ` (${entry.path})` : ''}`;
  if (error instanceof AmbiguousDateOrderError) {
    return new UsageError(
      {
        code: 'error.app.spec.evidence.datesReadDay',
        params: { where, chatFile: error.chatFile, examples: error.examples.join(', ') },
      },
      { cause: error },
    );
  }
  const message = error instanceof Error ? toSpecFields(error.message) : '';
  if (error instanceof UsageError)
    return new UsageError(
      { code: 'error.app.spec.evidence.failed', params: { where, reason: message } },
      { cause: error },
    );
  if (error instanceof EvidenceError)
    return new EvidenceError(
      { code: 'error.app.spec.evidence.failed2', params: { where, reason: message } },
      { cause: error },
    );
  return error;
}

/** The core's messages name command-line flags; in a spec the same answers are fields. */
const FLAG_TO_FIELD: Readonly<Record<string, string>> = {
  '--date-order': 'dateOrder:',
  '--format': 'format:',
  '--timezone': 'timeZone:',
  '--exclude-attachment': 'excludeAttachments:',
  '--thread': 'threads:',
  '--include-unreferenced-media': 'includeUnreferencedMedia: true',
  '--kind': 'kind:',
  '--description': 'description:',
  '--where': 'where:',
  '--sensitive': 'sensitive: true',
};

function toSpecFields(message: string): string {
  return message.replace(/--[a-z-]+/g, (flag) => FLAG_TO_FIELD[flag] ?? flag);
}

/** `P1`, `P2`… of the exhibits added. */
export function exhibitIds(exhibits: readonly Exhibit[]): string[] {
  return exhibits.map((exhibit) => formatExhibitId(exhibit.number));
}
