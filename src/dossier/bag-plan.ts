import { join } from 'node:path';
import type { BagPayloadFile } from '../bagit/write-bag-zip.js';
import type { CaseFile } from '../model/case-schema.js';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';
import { sha256Hex } from '../model/fingerprint.js';
import { sha256File } from '../model/sha256-file.js';

/** A payload file with the SHA-256 known before zipping (for data/SHA256SUMS and manifest.json). */
export interface PlannedPayload extends BagPayloadFile {
  readonly sha256: string;
}

/** `P01`, `P02`… padded to the width of the largest number (at least two digits). */
export function pieceId(exhibitNumber: number, width: number): string {
  return `P${String(exhibitNumber).padStart(width, '0')}`;
}

/**
 * Where each stored copy goes in the bag: `data/pieces/P01-<name>` for a single file,
 * `data/pieces/P02-<app>/<path>` for a chat export with its attachments. Sensitive and excluded
 * files have no place: they are never in the ZIP.
 */
export function planPieces(caseFile: CaseFile): Map<string, string> {
  const width = Math.max(2, String(caseFile.exhibits.at(-1)?.number ?? 0).length);
  const byStoredPath = new Map<string, string>();
  for (const exhibit of caseFile.exhibits) {
    const prefix = `evidence/${formatExhibitId(exhibit.number)}/`;
    const stored = exhibit.files.filter((file) => file.storedPath && !file.isExcluded);
    const id = pieceId(exhibit.number, width);
    const isFolder = exhibit.kind === 'conversation' || stored.length > 1;
    for (const file of stored) {
      const relative = file.storedPath!.slice(prefix.length);
      const bagPath = isFolder
        ? `data/pieces/${id}-${folderName(exhibit)}/${relative}`
        : `data/pieces/${id}-${relative}`;
      byStoredPath.set(file.storedPath!, bagPath);
    }
  }
  return byStoredPath;
}

function folderName(exhibit: Exhibit): string {
  return (exhibit.conversation?.format ?? exhibit.kind).replace(/[^a-z0-9-]/gi, '-');
}

/** The payload entries of the pieces, in exhibit order, with their recorded hashes. */
export function piecesPayload(
  caseDir: string,
  caseFile: CaseFile,
  bagPaths: Map<string, string>,
): PlannedPayload[] {
  const payload: PlannedPayload[] = [];
  for (const exhibit of caseFile.exhibits) {
    for (const file of exhibit.files) {
      const bagPath = file.storedPath ? bagPaths.get(file.storedPath) : undefined;
      if (!bagPath || !file.storedPath) continue;
      payload.push({
        bagPath,
        source: { file: join(caseDir, file.storedPath) },
        sha256: file.sha256,
      });
    }
  }
  return payload;
}

/** A text payload file and its SHA-256. */
export function textPayload(bagPath: string, text: string): PlannedPayload {
  return { bagPath, source: { bytes: text }, sha256: sha256Hex(text) };
}

export function bytesPayload(bagPath: string, bytes: Buffer): PlannedPayload {
  return { bagPath, source: { bytes }, sha256: sha256Hex(bytes) };
}

export async function filePayload(bagPath: string, file: string): Promise<PlannedPayload> {
  // Streamed: the dossier PDF of a large case is tens of MB, never held whole for its hash.
  return { bagPath, source: { file }, sha256: await sha256File(file) };
}

/** `data/SHA256SUMS`: `sha256sum -c` format, paths relative to data/. */
export function sha256Sums(payload: readonly PlannedPayload[]): string {
  return payload
    .map((entry) => `${entry.sha256}  ${entry.bagPath.replace(/^data\//, '')}\n`)
    .join('');
}
