import { createHash, randomBytes } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { EvidenceError, InterruptedError, PreuveError, UsageError } from '../model/errors.js';
import {
  checkBagInfoLabels,
  checkBagPath,
  checkTopFolder,
  checkUniquePaths,
} from './bag-layout.js';
import {
  chunksOf,
  createOutputTap,
  hashChunks,
  moveIntoPlace,
  openTemp,
  READ_SIZE,
  readFileChunks,
  readSmallFile,
} from './bag-zip-io.js';
import {
  BAGIT_TXT,
  type BagAlgorithm,
  formatBagInfo,
  formatBagSize,
  formatManifest,
  formatPayloadOxum,
} from './bagit-text.js';
import { isStoredInZip } from './compression.js';
import { createDigester } from './digester.js';
import { HashWorker } from './hash-worker.js';
import { openPlainZipSink, openWrappedZipSink, type ZipSink } from './zip-sinks.js';

/** A payload file: its path in the bag (under `data/`) and where its bytes come from. */
export interface BagPayloadFile {
  readonly bagPath: string;
  readonly source: { readonly file: string } | { readonly bytes: Buffer | string };
}

/** An extra tag file at the bag's root (e.g. `README.txt`), listed in the tag manifests. */
export interface BagTagFile {
  readonly bagPath: string;
  readonly bytes: Buffer | string;
}

export interface WriteBagZipOptions {
  readonly outFile: string;
  /** The one folder every entry is under (the case reference). */
  readonly topFolder: string;
  /** Payload in the order it goes into the ZIP and the manifests (the caller sorts). */
  readonly payload: readonly BagPayloadFile[];
  /** bag-info.txt labels, in order; Bagging-Date, Bag-Size and Payload-Oxum are added. */
  readonly bagInfo: Readonly<Record<string, string>>;
  /** Time of every ZIP entry: the same inputs give the same bytes. */
  readonly fixedTime: Date;
  /** Bagging-Date (`YYYY-MM-DD`), e.g. the build day in the case's zone; default: fixedTime's UTC date. */
  readonly baggingDate?: string;
  readonly tagFiles?: readonly BagTagFile[];
  /**
   * AES-256: the bag's ZIP goes, whole, inside an encrypted ZIP whose only entry is `entryName`
   * (default {@link WRAPPED_BAG_NAME}), so no file name of the bag shows without the passphrase.
   * The outer ZIP is not reproducible (random salt); the bag inside it is.
   */
  readonly encrypt?: { readonly passphrase: string; readonly entryName?: string };
  /** Replace an existing outFile. */
  readonly force?: boolean;
  /** Abort (Ctrl-C): the temporary file is removed and InterruptedError thrown. */
  readonly signal?: AbortSignal;
}

export interface WrittenBagZip {
  /** SHA-256 (hex) of the whole ZIP file. */
  readonly sha256: string;
  readonly size: number;
  /** `<payload octets>.<payload files>`, as in bag-info.txt. */
  readonly payloadOxum: string;
  /** When encrypted: the bag's ZIP inside (what `7z x` gives), its name, SHA-256 and size. */
  readonly bag?: { readonly entryName: string; readonly sha256: string; readonly size: number };
}

/** The neutral name of the bag's ZIP inside an encrypted dossier. */
export const WRAPPED_BAG_NAME = 'dossier-bagit.zip';

/**
 * The inner name for an encrypted dossier written as `outerName`: never the outer's own name, or
 * `7z x` in the same folder would ask to overwrite the encrypted file with its content.
 */
export function chooseWrappedBagName(outerName: string): string {
  return outerName.toLowerCase() === WRAPPED_BAG_NAME
    ? 'dossier-bagit-contenu.zip'
    : WRAPPED_BAG_NAME;
}

const PAYLOAD_ALGORITHMS: readonly BagAlgorithm[] = ['sha256', 'sha512'];
const TAG_ALGORITHMS: readonly BagAlgorithm[] = ['sha256', 'sha512'];
/** Below this, hashing inline costs less than sending the bytes to the worker thread. */
const WORKER_THRESHOLD = 4 * READ_SIZE;
/**
 * The ZIP's own SHA-256 is computed in the worker when the worker is needed anyway (a payload
 * file of {@link WORKER_THRESHOLD} or more) or the bag is this large; else inline, and a bag of
 * small files never starts the thread.
 */
const INLINE_OUTPUT_LIMIT = 32 * READ_SIZE;

/**
 * Write a BagIt 1.0 bag (RFC 8493) as a ZIP with one top folder: bagit.txt, bag-info.txt, the
 * payload, manifest-sha256/sha512.txt, then tagmanifest-sha256/sha512.txt. Each payload file is
 * read once, in 1 MiB pieces, and hashed as it is zipped: memory stays flat whatever its size.
 *
 * Atomic: the ZIP is written to `<outFile>.tmp-<random>`, synced, then moved into place; an
 * existing outFile is kept unless `force`. On any failure or abort the temporary file is removed.
 */
export async function writeBagZip(options: WriteBagZipOptions): Promise<WrittenBagZip> {
  checkOptions(options);
  await checkOutFile(options.outFile, options.force === true);
  const sizes = await statPayload(options.payload);
  const octets = sizes.reduce((sum, size) => sum + size, 0);
  const payloadOxum = formatPayloadOxum(octets, sizes.length);
  const bagInfo = formatBagInfo([
    ...Object.entries(options.bagInfo),
    ['Bagging-Date', options.baggingDate ?? options.fixedTime.toISOString().slice(0, 10)],
    ['Bag-Size', formatBagSize(octets)],
    ['Payload-Oxum', payloadOxum],
  ]);

  const tempFile = `${options.outFile}.tmp-${randomBytes(6).toString('hex')}`;
  const file = await openTemp(tempFile);
  const worker = new HashWorker();
  let sink: ZipSink | undefined;
  try {
    const tapWorker =
      octets >= INLINE_OUTPUT_LIMIT || sizes.some((size) => size >= WORKER_THRESHOLD)
        ? worker
        : undefined;
    const output = createOutputTap(tapWorker);
    const bagOutput = options.encrypt ? createOutputTap(tapWorker) : undefined;
    const entryName = options.encrypt?.entryName ?? WRAPPED_BAG_NAME;
    sink =
      options.encrypt && bagOutput
        ? await openWrappedZipSink(
            file,
            options.fixedTime,
            options.encrypt.passphrase,
            entryName,
            output.tap,
            bagOutput.tap,
          )
        : openPlainZipSink(file, options.fixedTime, output.tap);
    const top = `${options.topFolder}/`;
    const tagDigests: Array<{ path: string; bytes: Buffer }> = [];
    const addTag = async (path: string, text: Buffer | string) => {
      const bytes = Buffer.from(text);
      tagDigests.push({ path, bytes });
      await sink!.add(top + path, chunksOf(bytes), { compress: true });
    };

    await addTag('bagit.txt', BAGIT_TXT);
    await addTag('bag-info.txt', bagInfo);
    const manifests = new Map<BagAlgorithm, Array<{ path: string; digest: string }>>(
      PAYLOAD_ALGORITHMS.map((algorithm) => [algorithm, []]),
    );
    const readAhead = createReadAhead(options.payload, sizes);
    for (const [index, entry] of options.payload.entries()) {
      const expectedSize = sizes[index]!;
      const digester = createDigester(
        PAYLOAD_ALGORITHMS,
        expectedSize >= WORKER_THRESHOLD ? worker : undefined,
      );
      const small = readAhead(index);
      if (options.signal?.aborted) throw new InterruptedError();
      const chunks =
        small !== undefined
          ? chunksOf(await small)
          : 'file' in entry.source
            ? readFileChunks(entry.source.file, expectedSize, options.signal)
            : chunksOf(Buffer.from(entry.source.bytes));
      await sink.add(top + entry.bagPath, hashChunks(chunks, digester), {
        compress: !isStoredInZip(entry.bagPath, expectedSize),
      });
      const { digests } = await digester.finish();
      for (const [algorithm, lines] of manifests) {
        lines.push({ path: entry.bagPath, digest: digests.get(algorithm)! });
      }
    }
    for (const tag of options.tagFiles ?? []) await addTag(tag.bagPath, tag.bytes);
    for (const [algorithm, lines] of manifests) {
      await addTag(`manifest-${algorithm}.txt`, formatManifest(lines));
    }
    for (const algorithm of TAG_ALGORITHMS) {
      const lines = tagDigests.map(({ path, bytes }) => ({
        path,
        digest: createHash(algorithm).update(bytes).digest('hex'),
      }));
      const tagManifest = Buffer.from(formatManifest(lines));
      await sink.add(`${top}tagmanifest-${algorithm}.txt`, chunksOf(tagManifest), {
        compress: true,
      });
    }
    await sink.finish();
    const { sha256, size } = await output.finish();
    const bag = bagOutput ? { entryName, ...(await bagOutput.finish()) } : undefined;
    await file.sync();
    await file.close();
    await moveIntoPlace(tempFile, options.outFile, options.force === true);
    return { sha256, size, payloadOxum, ...(bag ? { bag } : {}) };
  } catch (error) {
    sink?.abort();
    await file.close().catch(() => {});
    await unlink(tempFile).catch(() => {});
    throw explainWriteError(error, options.outFile, options.signal);
  } finally {
    await worker.close();
  }
}

/** Small files read ahead of the one being zipped: at most this many, so at most this many MiB. */
const READ_AHEAD = 8;

/**
 * The payload's small files are read ahead, {@link READ_AHEAD} at a time, while the ZIP is written:
 * one after another, each waited on its open, read and close in turn (5,000 files of a few KB
 * took 10-60 s on a loaded machine). `take(i)` gives entry i's bytes (undefined for a large file
 * or bytes in memory) and starts the reads of the next ones.
 */
function createReadAhead(
  payload: readonly BagPayloadFile[],
  sizes: readonly number[],
): (index: number) => Promise<Buffer> | undefined {
  const pending = new Map<number, Promise<Buffer>>();
  let started = 0;
  return (index) => {
    while (started < payload.length && started <= index + READ_AHEAD) {
      const source = payload[started]!.source;
      const size = sizes[started]!;
      if ('file' in source && size < READ_SIZE) {
        const read = readSmallFile(source.file, size);
        // Reported when its entry is reached; a failure before then is not unhandled.
        read.catch(() => {});
        pending.set(started, read);
      }
      started += 1;
    }
    const read = pending.get(index);
    pending.delete(index);
    return read;
  };
}

function checkOptions(options: WriteBagZipOptions): void {
  checkTopFolder(options.topFolder);
  for (const entry of options.payload) checkBagPath(entry.bagPath, 'payload');
  for (const tag of options.tagFiles ?? []) checkBagPath(tag.bagPath, 'tag');
  checkUniquePaths([
    ...options.payload.map((entry) => entry.bagPath),
    ...(options.tagFiles ?? []).map((tag) => tag.bagPath),
  ]);
  checkBagInfoLabels(options.bagInfo);
  if (Number.isNaN(options.fixedTime.getTime()) || options.fixedTime.getUTCFullYear() < 1980) {
    throw new UsageError({
      code: 'error.bagit.writeBagZip.zipEntryTime',
      params: { options: String(options.fixedTime) },
    });
  }
  if (options.baggingDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.baggingDate)) {
    throw new UsageError({
      code: 'error.bagit.writeBagZip.baggingDateYyyy',
      params: { options: JSON.stringify(options.baggingDate) },
    });
  }
  const entryName = options.encrypt?.entryName;
  if (entryName !== undefined && !/^[\w.-]+\.zip$/i.test(entryName)) {
    throw new UsageError({
      code: 'error.bagit.writeBagZip.encryptedEntryName',
      params: { name: JSON.stringify(entryName) },
    });
  }
  if (options.encrypt && options.encrypt.passphrase.length === 0) {
    throw new UsageError({ code: 'error.bagit.writeBagZip.zipPassphraseEmpty' });
  }
}

async function checkOutFile(outFile: string, force: boolean): Promise<void> {
  const existing = await stat(outFile).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new UsageError({ code: 'error.bagit.writeBagZip.folderGiveFile', params: { outFile } });
  }
  if (existing && !force) {
    throw new UsageError({
      code: 'error.bagit.writeBagZip.alreadyExistsLeft',
      params: { outFile },
    });
  }
  const folder = await stat(dirname(outFile)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new UsageError({
      code: 'error.bagit.writeBagZip.folderExistCreate',
      params: { outFile },
    });
  }
}

async function statPayload(payload: readonly BagPayloadFile[]): Promise<number[]> {
  // All at once (one after another, 5,000 files waited 5,000 times); the first failure in the
  // payload's order is reported.
  const settled = await Promise.allSettled(payload.map(statEntry));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<number>).value);
}

async function statEntry(entry: BagPayloadFile): Promise<number> {
  if (!('file' in entry.source)) return Buffer.byteLength(entry.source.bytes);
  const { file } = entry.source;
  const info = await stat(file).catch((error: unknown) => {
    throw new EvidenceError(
      {
        code: 'error.bagit.writeBagZip.readCheckCase',
        params: {
          bagPath: entry.bagPath,
          file,
          value: (error as NodeJS.ErrnoException).code ?? error,
        },
      },
      { cause: error },
    );
  });
  if (!info.isFile()) {
    throw new EvidenceError({
      code: 'error.bagit.writeBagZip.regularFile',
      params: { bagPath: entry.bagPath, file },
    });
  }
  return info.size;
}

function explainWriteError(
  error: unknown,
  outFile: string,
  signal: AbortSignal | undefined,
): Error {
  if (signal?.aborted || error instanceof InterruptedError) return new InterruptedError();
  if (error instanceof PreuveError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC'
      ? 'the disk is full. Free some space or choose another --out'
      : `${error instanceof Error ? error.message : String(error)}`;
  return new EvidenceError(
    {
      code: 'error.bagit.writeBagZip.writeNothingWritten',
      params: { outFile: basename(outFile), why },
    },
    {
      cause: error,
    },
  );
}
