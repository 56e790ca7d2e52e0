import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, type as osType } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { readConversationHeader, readStoredMessages } from '../case/conversation-store.js';
import { type CustodyEntry, readCustodyLines } from '../case/custody.js';
import type { CaseFile } from '../case/schema.js';
import type { CaseSession } from '../case/store.js';
import { hashFile } from '../evidence/hash.js';
import type { Clock } from '../model/clock.js';
import { EvidenceError, InterruptedError, UsageError } from '../model/errors.js';
import { formatExhibitId } from '../model/exhibit.js';
import { verifyCase } from '../verify/case.js';
import { assembleDossier, collectConversationExtras, type TimestampSummary } from './assemble.js';
import {
  filePayload,
  type PlannedPayload,
  piecesPayload,
  planPieces,
  sha256Sums,
  textPayload,
} from './bag-plan.js';
import { buildEvidenceManifest, computeFingerprint } from './fingerprint.js';
import { renderDossierPdf } from './pdf/render.js';
import { writeBagZip } from './zip/write-bag-zip.js';

export interface BuildRequest {
  readonly operator: string;
  readonly clock: Clock;
  /** Where to write the ZIP (default: out/<reference>.zip); the PDF goes beside it. */
  readonly outFile?: string;
  /** Replace an existing dossier that differs. */
  readonly force?: boolean;
  readonly encrypt?: { readonly passphrase: string };
  readonly toolVersion: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: string) => void;
  /** Stored timestamp tokens to include (from the stamp module). */
  readonly timestamps?: readonly StoredTimestamp[];
}

/** A token stored in the case's timestamps/ folder. */
export interface StoredTimestamp {
  readonly summary: TimestampSummary;
  /** Files to put in data/timestamps/ (absolute paths). */
  readonly files: readonly string[];
}

export interface BuildResult {
  readonly reference: string;
  readonly pdfPath: string;
  readonly zipPath: string;
  readonly fingerprint: string;
  readonly pages: number;
  readonly zipSha256: string;
  readonly pdfSha256: string;
  readonly exhibitCount: number;
  readonly isEncrypted: boolean;
  /** The same dossier was already there, byte for byte: nothing was replaced. */
  readonly isUnchanged: boolean;
  /** Custody entries the dossier covers (1…asOfSeq). */
  readonly asOfSeq: number;
}

/** Custody actions that record outputs, not evidence: a rebuild does not change the dossier because of them. */
const OUTPUT_ACTIONS = new Set(['build']);

/**
 * Builds the PDF and the ZIP (BagIt) of a case from the case alone. Checks the case first (every
 * copy re-hashed, custody chain) and refuses a case that does not verify. The dossier covers the
 * custody log up to its last evidence action and is dated from it, so the same case builds the same
 * bytes (except an encrypted ZIP, which has random salts). Writes are atomic; an existing dossier is
 * replaced only with `force` unless it is identical. Sensitive and excluded files are never read.
 */
export async function buildDossier(
  session: CaseSession,
  request: BuildRequest,
): Promise<BuildResult> {
  const caseFile = session.current();
  const { caseDir } = session;
  request.onProgress?.('checking the case');
  const check = await verifyCase(caseDir);
  if (!check.ok) {
    throw new EvidenceError(
      `The case does not verify, so no dossier was built: ${check.findings[0]!.message} Run "preuve verify" for the full report.`,
    );
  }
  const custody = await coveredCustody(session.paths.custodyFile);
  const asOf = custody.at(-1)!.at;
  const fingerprint = computeFingerprint(caseFile.exhibits);
  const zipPath = resolve(
    request.outFile ?? join(session.paths.outDir, `${caseFile.reference}.zip`),
  );
  const pdfPath = `${zipPath.replace(/\.zip$/i, '')}.pdf`;
  await assertFolder(dirname(zipPath));

  const readHeader = (exhibit: Parameters<typeof readConversationHeader>[1]) =>
    readConversationHeader(caseDir, exhibit);
  const readMessages = (exhibit: Parameters<typeof readStoredMessages>[1]) =>
    readStoredMessages(caseDir, exhibit);
  request.onProgress?.('reading conversations');
  const extras = await collectConversationExtras(caseFile.exhibits, readHeader, readMessages);
  const model = assembleDossier({
    caseFile,
    custody,
    fingerprint,
    generatedAt: asOf,
    toolVersion: request.toolVersion,
    machine: { os: `${osType()} ${arch()}`, node: `Node.js ${process.versions.node}` },
    timestamps: (request.timestamps ?? []).map((stamp) => stamp.summary),
    isZipEncrypted: Boolean(request.encrypt),
    ...extras,
  });

  await removeStaleTemporaries(dirname(zipPath), [basename(zipPath), basename(pdfPath)]);
  const suffix = randomBytes(4).toString('hex');
  const pdfTemporary = join(dirname(pdfPath), `.${basename(pdfPath)}.build-${suffix}`);
  const zipTemporary = join(dirname(zipPath), `.${basename(zipPath)}.build-${suffix}`);
  try {
    request.onProgress?.('writing the PDF');
    const { pages } = await renderDossierPdf(model, {
      outFile: pdfTemporary,
      readHeader,
      readMessages,
      readImage: (exhibit) => {
        if (exhibit.isSensitive) return null;
        const file = exhibit.files.find(
          (candidate) => candidate.storedPath && !candidate.isExcluded,
        );
        return file?.storedPath ? join(caseDir, file.storedPath) : null;
      },
      readImageText: async (exhibit) => {
        if (exhibit.isSensitive) return null;
        const file = exhibit.files.find(
          (candidate) => candidate.storedPath && !candidate.isExcluded,
        );
        if (!file) return null;
        // Written by "preuve findings" (derived/ocr/<sha256>.json); absent until then.
        const stored = await readFile(
          join(caseDir, 'derived', 'ocr', `${file.sha256}.json`),
          'utf8',
        ).catch(() => null);
        return stored ? ((JSON.parse(stored) as { text?: string }).text ?? null) : null;
      },
      readAttachmentImage: (exhibit, attachment) => {
        if (exhibit.isSensitive || attachment.isExcluded || !attachment.storedPath) return null;
        // The case's file list decides, not the message: a file it marks excluded is never drawn.
        const file = exhibit.files.find(
          (candidate) => candidate.storedPath === attachment.storedPath,
        );
        return file && !file.isExcluded ? join(caseDir, attachment.storedPath) : null;
      },
    });
    if (request.signal?.aborted) throw new InterruptedError();

    request.onProgress?.('writing the ZIP');
    const bagPaths = planPieces(caseFile);
    const pdfEntry = await filePayload('data/dossier.pdf', pdfTemporary);
    const timestampEntries: PlannedPayload[] = [];
    for (const stamp of request.timestamps ?? []) {
      for (const file of stamp.files)
        timestampEntries.push(await filePayload(`data/timestamps/${basename(file)}`, file));
    }
    const texts = await readmeTexts(
      caseFile.reference,
      fingerprint,
      request.toolVersion,
      caseFile.operator.name,
      asOf,
      caseFile.timeZone,
    );
    const manifest = await dossierManifestJson(
      caseDir,
      caseFile,
      fingerprint,
      asOf,
      custody.length,
      bagPaths,
      request.toolVersion,
    );
    const payload: PlannedPayload[] = [
      pdfEntry,
      textPayload('data/LISEZMOI.txt', texts.fr),
      textPayload('data/manifest.json', manifest),
      textPayload('data/evidence-manifest.txt', buildEvidenceManifest(caseFile.exhibits)),
      textPayload(
        'data/custody.jsonl',
        custody.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
      ),
      ...piecesPayload(caseDir, caseFile, bagPaths),
      ...timestampEntries,
    ];
    payload.push(textPayload('data/SHA256SUMS', sha256Sums(payload)));
    const written = await writeBagZip({
      outFile: zipTemporary,
      topFolder: caseFile.reference,
      payload,
      tagFiles: [{ bagPath: 'README.txt', bytes: texts.en }],
      bagInfo: {
        'Source-Organization': caseFile.operator.organisation ?? caseFile.operator.name,
        'Contact-Name': caseFile.operator.name,
        'External-Identifier': caseFile.reference,
        'External-Description':
          caseFile.language === 'fr'
            ? 'Dossier de preuves - chantage sexuel en ligne (sextorsion). Confidentiel : données d’un mineur.'
            : 'Evidence dossier - online sexual blackmail (sextortion). Confidential: contains a minor’s data.',
        'Preuve-Version': request.toolVersion,
        'Preuve-Fingerprint': fingerprint,
        'Preuve-Exhibits': String(caseFile.exhibits.length),
        'Preuve-Custody-Entries': String(custody.length),
      },
      fixedTime: new Date(asOf),
      baggingDate: DateTime.fromISO(asOf, { zone: 'utc' })
        .setZone(caseFile.timeZone)
        .toFormat('yyyy-LL-dd'),
      force: true,
      ...(request.encrypt ? { encrypt: request.encrypt } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });

    const isUnchanged =
      !request.encrypt &&
      (await sameFile(zipPath, written.sha256)) &&
      (await sameFile(pdfPath, pdfEntry.sha256));
    if (!isUnchanged) {
      for (const path of [zipPath, pdfPath]) {
        if (!request.force && (await exists(path))) {
          throw new UsageError(
            `${path} already exists and differs from the new dossier (the case has changed since it was built). Use --force to replace it, or --out <file> to write the new one elsewhere.`,
          );
        }
      }
      await rename(pdfTemporary, pdfPath);
      await rename(zipTemporary, zipPath);
    }
    await session.log([
      {
        action: 'build',
        details: {
          zip: zipPath,
          zipSha256: written.sha256,
          pdf: pdfPath,
          pdfSha256: pdfEntry.sha256,
          fingerprint,
          exhibits: caseFile.exhibits.map((exhibit) => formatExhibitId(exhibit.number)),
          covers: `custody entries 1-${custody.length}`,
          isEncrypted: Boolean(request.encrypt),
          isUnchanged,
        },
      },
    ]);
    return {
      reference: caseFile.reference,
      pdfPath,
      zipPath,
      fingerprint,
      pages,
      zipSha256: written.sha256,
      pdfSha256: pdfEntry.sha256,
      exhibitCount: caseFile.exhibits.length,
      isEncrypted: Boolean(request.encrypt),
      isUnchanged,
      asOfSeq: custody.length,
    };
  } finally {
    await rm(pdfTemporary, { force: true });
    await rm(zipTemporary, { force: true });
  }
}

/** The custody lines the dossier covers: up to the last line that is not a build. */
async function coveredCustody(custodyFile: string): Promise<CustodyEntry[]> {
  const entries = (await readCustodyLines(custodyFile)).map(
    (line) => JSON.parse(line) as CustodyEntry,
  );
  let last = entries.length;
  while (last > 1 && OUTPUT_ACTIONS.has(entries[last - 1]!.action)) last -= 1;
  return entries.slice(0, last);
}

async function dossierManifestJson(
  caseDir: string,
  caseFile: CaseFile,
  fingerprint: string,
  asOf: string,
  custodyEntries: number,
  bagPaths: Map<string, string>,
  toolVersion: string,
): Promise<string> {
  const exhibits = [];
  for (const exhibit of caseFile.exhibits) {
    const header = exhibit.conversation
      ? await readConversationHeader(caseDir, exhibit)
      : undefined;
    exhibits.push({
      id: formatExhibitId(exhibit.number),
      ...exhibit,
      files: exhibit.files.map((file) => ({
        ...file,
        bagPath: file.storedPath ? (bagPaths.get(file.storedPath) ?? null) : null,
        ...(file.isExcluded ? { note: 'not copied, not transmitted: hash only' } : {}),
      })),
      ...(header
        ? {
            inferences: header.inferences,
            conversationNotes: header.notes,
            unreferencedFiles: header.unreferencedFiles,
          }
        : {}),
    });
  }
  const manifest = {
    format: 'preuve-dossier-manifest',
    formatVersion: 1,
    reference: caseFile.reference,
    fingerprint,
    fingerprintOf: 'data/evidence-manifest.txt',
    asOf,
    custodyEntries,
    timeZone: caseFile.timeZone,
    language: caseFile.language,
    tool: { name: 'preuve', version: toolVersion },
    operator: caseFile.operator,
    exhibits,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

async function readmeTexts(
  reference: string,
  fingerprint: string,
  version: string,
  operator: string,
  asOf: string,
  timeZone: string,
): Promise<{ fr: string; en: string }> {
  const templates = new URL('../../templates/', import.meta.url);
  const local = DateTime.fromISO(asOf, { zone: 'utc' }).setZone(timeZone);
  const fill = (text: string, lang: 'fr' | 'en') =>
    text
      .replaceAll('{reference}', reference)
      .replaceAll('{fingerprint}', fingerprint)
      .replaceAll('{version}', version)
      .replaceAll('{operator}', operator)
      .replaceAll(
        '{asOf}',
        `${local.toFormat(lang === 'fr' ? 'dd/LL/yyyy HH:mm:ss' : 'yyyy-LL-dd HH:mm:ss')} (${timeZone}, UTC${local.toFormat('ZZ')})`,
      );
  return {
    fr: fill(await readFile(new URL('fr/lisezmoi.txt', templates), 'utf8'), 'fr'),
    en: fill(await readFile(new URL('en/readme.txt', templates), 'utf8'), 'en'),
  };
}

async function assertFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(
      `${folder} does not exist or is not a folder. Create it first, or choose another --out.`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function sameFile(path: string, sha256: string): Promise<boolean> {
  try {
    return (await hashFile(path)).sha256 === sha256;
  } catch {
    return false;
  }
}

/** Temporary files of a build that was killed (a second Ctrl-C): `.<name>.build-<hex>`. */
async function removeStaleTemporaries(folder: string, names: readonly string[]): Promise<void> {
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    if (names.some((name) => entry.startsWith(`.${name}.build-`)))
      await rm(join(folder, entry), { force: true });
  }
}
