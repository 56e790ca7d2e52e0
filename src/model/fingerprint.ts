import { createHash } from 'node:crypto';
import type { Exhibit } from './exhibit.js';
import { formatExhibitId } from './exhibit.js';

/**
 * The evidence manifest: one line per file of every exhibit, in exhibit order then file order,
 * `P<n>\t<sha256>\t<size>\t<role>\t<name>\n` (tabs and newlines in names escaped as `\t`, `\n`).
 * Sensitive and excluded files are listed too: only their hash, never their bytes.
 * A description-only exhibit contributes one line with `-` for hash and size.
 *
 * The dossier fingerprint is the SHA-256 of this text (UTF-8). It does not cover the PDF (the PDF
 * prints it), so it can be stamped (RFC 3161) and re-checked from the ZIP alone. Because lines are
 * in exhibit order, the fingerprint of the case "up to Pn" is the hash of the lines of P1…Pn.
 */
export function buildEvidenceManifest(exhibits: readonly Exhibit[]): string {
  const lines: string[] = [];
  for (const exhibit of [...exhibits].sort((a, b) => a.number - b.number)) {
    const id = formatExhibitId(exhibit.number);
    if (exhibit.files.length === 0) {
      lines.push(`${id}\t-\t-\tdescription-only\t${escapeName(exhibit.description ?? '')}\n`);
      continue;
    }
    for (const file of exhibit.files) {
      lines.push(`${id}\t${file.sha256}\t${file.size}\t${file.role}\t${escapeName(file.name)}\n`);
    }
  }
  return lines.join('');
}

/** SHA-256 (hex) of a text (UTF-8) or of bytes. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 (hex) of the evidence manifest of these exhibits. */
export function computeFingerprint(exhibits: readonly Exhibit[]): string {
  return createHash('sha256').update(buildEvidenceManifest(exhibits), 'utf8').digest('hex');
}

function escapeName(name: string): string {
  return name
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

/** `ab12 cd34 …`: groups of four, easier to read aloud and compare. */
export function groupFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
}
