import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, type as osType } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { chooseWrappedBagName, writeBagZip } from '../bagit/write-bag-zip.js';
import type { CaseFile } from '../model/case-schema.js';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import {
  type ReplayMessages,
  readConversationHeader,
  readStoredMessages,
} from '../model/conversation-store.js';
import { type CustodyEntry, readCustodyLines } from '../model/custody.js';
import { InterruptedError, UsageError } from '../model/errors.js';
import { formatExhibitId } from '../model/exhibit.js';
import { reachFaultPoint } from '../model/fault-point.js';
import type { Finding } from '../model/findings.js';
import { buildEvidenceManifest, computeFingerprint } from '../model/fingerprint.js';
import { renderText } from '../model/messages.js';
import { sha256File } from '../model/sha256-file.js';
import type { StoredTimestamp } from '../model/timestamp.js';
import type { SigningKey } from '../signing/keys.js';
import { signEvidenceManifest } from '../signing/signature.js';
import { assembleDossier, collectConversationExtras } from './assemble.js';
import {
  bytesPayload,
  filePayload,
  type PlannedPayload,
  piecesPayload,
  planPieces,
  sha256Sums,
  textPayload,
} from './bag-plan.js';
import { readBuildAnchors } from './build-anchors.js';
import { isLetterDue, letterPathFor, writeComplaintLetter } from './letter/write-letter.js';
import { checkDossierOutput } from './output-path.js';
import type { ImageText } from './pdf/context.js';
import { renderDossierPdf } from './pdf/render.js';

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
  /** Write the complaint letter even when the recipient is not the procureur (build --letter). */
  readonly letter?: boolean;
  /** The operator's key: the evidence manifest (the fingerprint) is signed, data/signature/. */
  readonly signingKey?: SigningKey;
  /** The findings of `preuve findings` the facts and highlights do not hold, for the annex (none when absent). */
  readonly readUnconfirmedFindings?: () => Promise<readonly Finding[]>;
  /** How a conversation stored as a replay plan is read again (chats/replay-stored.ts). */
  readonly replayMessages: ReplayMessages;
}

export interface BuildResult {
  readonly reference: string;
  /** The PDF beside the ZIP; null when the ZIP is encrypted (the PDF is then only inside it). */
  readonly pdfPath: string | null;
  readonly zipPath: string;
  readonly fingerprint: string;
  readonly pages: number;
  readonly zipSha256: string;
  readonly pdfSha256: string;
  readonly exhibitCount: number;
  readonly isEncrypted: boolean;
  /**
   * When encrypted: the bag's ZIP inside the encrypted one, its neutral name and SHA-256 (what
   * `7z x` gives; the same bytes at every build of the same case, unlike the encrypted ZIP).
   */
  readonly bag?: { readonly entryName: string; readonly sha256: string };
  /** The same dossier was already there, byte for byte: nothing was replaced. */
  readonly isUnchanged: boolean;
  /** Custody entries the dossier covers (1…asOfSeq). */
  readonly asOfSeq: number;
  /** The complaint letter to the procureur (out/<reference>-lettre.pdf), when written. */
  readonly letterPath?: string;
  /** Who signed it, when it was signed. */
  readonly signedBy?: {
    readonly name: string;
    readonly organisation?: string;
    readonly keyFingerprint: string;
  };
}

/** Custody actions that record outputs, not evidence: a rebuild does not change the dossier because of them. */
const OUTPUT_ACTIONS = new Set(['build']);

/**
 * Builds the PDF and the ZIP (BagIt) of a case from the case alone. The caller checks the case
 * first (app/build: verify, then load the stamps, then build); this never verifies. The dossier covers the
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
  const { zipPath, pdfPath } = await checkDossierOutput(session, request.outFile);
  const custody = await coveredCustody(session.paths.custodyFile);
  const asOf = custody.at(-1)!.at;
  const fingerprint = computeFingerprint(caseFile.exhibits);
  const evidenceManifest = buildEvidenceManifest(caseFile.exhibits);
  const signature = request.signingKey
    ? signEvidenceManifest(request.signingKey, evidenceManifest)
    : undefined;
  const signedBy = signature
    ? { ...signature.signer.owner, keyFingerprint: signature.signer.keyFingerprint }
    : undefined;

  const readHeader = (exhibit: Parameters<typeof readConversationHeader>[1]) =>
    readConversationHeader(caseDir, exhibit);
  const readMessages = (exhibit: Parameters<typeof readStoredMessages>[1]) =>
    readStoredMessages(caseDir, exhibit, request.replayMessages);
  request.onProgress?.('reading conversations');
  const extras = await collectConversationExtras(caseFile.exhibits, readHeader, readMessages);
  const assembled = assembleDossier({
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
  const model = signedBy ? { ...assembled, signer: signedBy } : assembled;

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
      readDocumentPdf: (exhibit) => {
        if (exhibit.isSensitive || exhibit.conversation) return null;
        const file = exhibit.files.find(
          (candidate) =>
            candidate.storedPath && !candidate.isExcluded && candidate.mime === 'application/pdf',
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
        if (!stored) return null;
        const ocr = JSON.parse(stored) as Partial<ImageText>;
        return { text: ocr.text ?? '', lines: ocr.lines ?? [] };
      },
      readUnconfirmedFindings: async () => (await request.readUnconfirmedFindings?.()) ?? [],
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
      textPayload('data/evidence-manifest.txt', evidenceManifest),
      textPayload(
        'data/custody.jsonl',
        custody.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
      ),
      ...piecesPayload(caseDir, caseFile, bagPaths),
      ...timestampEntries,
      ...(signature
        ? [
            bytesPayload('data/signature/signature.bin', signature.signature),
            textPayload('data/signature/public-key.pem', signature.publicKeyPem),
            textPayload(
              'data/signature/signer.json',
              `${JSON.stringify(signature.signer, null, 2)}\n`,
            ),
          ]
        : []),
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
      ...(request.encrypt
        ? {
            encrypt: {
              passphrase: request.encrypt.passphrase,
              entryName: chooseWrappedBagName(basename(zipPath)),
            },
          }
        : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const bag = written.bag
      ? { entryName: written.bag.entryName, sha256: written.bag.sha256 }
      : undefined;

    const isZipSame = !request.encrypt && (await sameFile(zipPath, written.sha256));
    // An encrypted dossier's PDF is only inside the ZIP: a PDF beside it would be readable by anyone.
    const isPdfSame = request.encrypt
      ? !(await exists(pdfPath))
      : await sameFile(pdfPath, pdfEntry.sha256);
    const isUnchanged = isZipSame && isPdfSame;
    if (!isUnchanged) {
      for (const [path, isSame] of [
        [zipPath, isZipSame],
        [pdfPath, isPdfSame],
      ] as const) {
        if (
          !isSame &&
          !request.force &&
          (await exists(path)) &&
          !(await isUnrecordedOutput(path, session.paths.outDir, custody))
        ) {
          throw new UsageError({
            code: 'error.dossier.build.alreadyExistsDiffers',
            params: { path },
          });
        }
      }
      await replacePair(zipTemporary, zipPath, request.encrypt ? undefined : pdfTemporary, pdfPath);
    }
    const letterPath =
      request.letter || isLetterDue(caseFile)
        ? (await writeComplaintLetter(caseFile, fingerprint, asOf, letterPathFor(pdfPath))).path
        : undefined;
    await session.log([
      {
        action: 'build',
        details: {
          zip: zipPath,
          zipSha256: written.sha256,
          pdf: request.encrypt ? null : pdfPath,
          pdfSha256: pdfEntry.sha256,
          fingerprint,
          exhibits: caseFile.exhibits.map((exhibit) => formatExhibitId(exhibit.number)),
          covers: `custody entries 1-${custody.length}`,
          isEncrypted: Boolean(request.encrypt),
          ...(bag ? { bagEntry: bag.entryName, bagSha256: bag.sha256 } : {}),
          isUnchanged,
          ...(signedBy ? { signedWithKey: signedBy.keyFingerprint } : {}),
          ...(await readBuildAnchors(session.paths.custodyFile, custody.length)),
        },
      },
    ]);
    return {
      reference: caseFile.reference,
      pdfPath: request.encrypt ? null : pdfPath,
      zipPath,
      fingerprint,
      pages,
      zipSha256: written.sha256,
      pdfSha256: pdfEntry.sha256,
      exhibitCount: caseFile.exhibits.length,
      isEncrypted: Boolean(request.encrypt),
      ...(bag ? { bag } : {}),
      isUnchanged,
      asOfSeq: custody.length,
      ...(signedBy ? { signedBy } : {}),
      ...(letterPath ? { letterPath } : {}),
    };
  } finally {
    await rm(pdfTemporary, { force: true });
    await rm(zipTemporary, { force: true });
  }
}

/**
 * Puts the new ZIP and PDF in place as one unit. The old PDF goes first, then the ZIP comes in,
 * then the PDF: a kill at any point leaves the pair consistent or the PDF missing (the next build
 * writes it again; the ZIP holds it too), never a PDF beside the ZIP of another dossier.
 */
async function replacePair(
  zipTemporary: string,
  zipPath: string,
  pdfTemporary: string | undefined,
  pdfPath: string,
): Promise<void> {
  reachFaultPoint();
  await rm(pdfPath, { force: true });
  await syncFolder(dirname(pdfPath));
  reachFaultPoint();
  await rename(zipTemporary, zipPath);
  await syncFolder(dirname(zipPath));
  reachFaultPoint();
  if (pdfTemporary === undefined) return;
  await rename(pdfTemporary, pdfPath);
  await syncFolder(dirname(pdfPath));
  reachFaultPoint();
}

/** Makes renames and removals in a folder durable, so they reach the disk in the order made. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => {});
  } finally {
    await handle.close();
  }
}

/** A build line, or the line saying an interrupted build's own line was finished on opening. */
function isOutputEntry(entry: CustodyEntry): boolean {
  return (
    OUTPUT_ACTIONS.has(entry.action) ||
    (entry.action === 'recover' &&
      OUTPUT_ACTIONS.has(String((entry.details as { interrupted?: unknown }).interrupted)))
  );
}

/** The custody lines the dossier covers: up to the last line that is not a build. */
async function coveredCustody(custodyFile: string): Promise<CustodyEntry[]> {
  const entries = (await readCustodyLines(custodyFile)).map(
    (line) => JSON.parse(line) as CustodyEntry,
  );
  let last = entries.length;
  while (last > 1 && isOutputEntry(entries[last - 1]!)) last -= 1;
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
            conversationNotes: header.notes.map((note) => renderText('en', note)),
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

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/**
 * A file in the case's own out/ folder that no build of the custody log recorded: the output of a
 * build killed after putting its files in place and before logging them. It was never reported
 * as built, so the next build replaces it without --force (a recorded dossier is never replaced
 * without it, and a file given with --out elsewhere is never replaced without it).
 */
async function isUnrecordedOutput(
  path: string,
  outDir: string,
  custody: readonly CustodyEntry[],
): Promise<boolean> {
  if (dirname(path) !== resolve(outDir)) return false;
  let sha256: string;
  try {
    sha256 = await sha256File(path);
  } catch {
    return false;
  }
  return !custody.some(
    (entry) =>
      entry.action === 'build' &&
      (entry.details?.zipSha256 === sha256 || entry.details?.pdfSha256 === sha256),
  );
}

async function sameFile(path: string, sha256: string): Promise<boolean> {
  try {
    return (await sha256File(path)) === sha256;
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
