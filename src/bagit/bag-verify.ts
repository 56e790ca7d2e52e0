import { stat } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';
import { type BagFacts, checkBag, MAX_TAG_FILE_BYTES } from './bag-checks.js';
import { type BagReport, ReportBuilder } from './bag-report.js';
import { type BagSource, openFolderBag } from './bag-source.js';
import { findUnsafePath } from './bagit-text.js';
import { HashWorker } from './hash-worker.js';
import { openZipBag, type ZipLimits } from './zip-bag-source.js';

export interface VerifyBagOptions {
  /** For an encrypted ZIP. */
  readonly passphrase?: string;
  readonly limits?: ZipLimits;
  /** Compute every manifest's digests, not only the strongest payload manifest's. */
  readonly allManifests?: boolean;
}

/** The report, plus a way to read one file of the bag for checks beyond BagIt's. */
export interface BagVerification extends BagReport {
  /**
   * Bytes of one file of the bag (`data/manifest.json`, `data/custody.jsonl`…), read again from
   * the ZIP or the folder; fails past maxBytes (default 64 MiB) or for a path not in the bag.
   */
  readFile(bagPath: string, maxBytes?: number): Promise<Buffer>;
  /** The manifests whose digests were computed (`manifest-sha512.txt`…). */
  readonly checkedManifests: readonly string[];
  /** Lets go of the ZIP kept open for `readFile`; always call it, in a `finally`. */
  close(): Promise<void>;
}

/**
 * Check a BagIt bag (RFC 8493, versions 1.0 and 0.97): a folder, or a ZIP read in place (an
 * encrypted one with its passphrase). Every tag manifest and the strongest payload manifest of md5,
 * sha1, sha256 or sha512 are checked (all with `allManifests`), each file read once for all its
 * digests. Problems are findings naming the
 * file, what was expected and what was found: a bad bag never throws. Only a target that does
 * not exist is a UsageError.
 */
export async function verifyBag(
  target: string,
  options: VerifyBagOptions = {},
): Promise<BagVerification> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) {
    throw new UsageError({ code: 'error.bagit.bagVerify.existGiveDossier', params: { target } });
  }
  const format = info.isDirectory() ? 'folder' : 'zip';
  const report = new ReportBuilder();
  let source: BagSource | undefined;
  let topFolder: string | undefined;
  let isEncrypted = false;
  if (format === 'folder') {
    source = await openFolderBag(target);
  } else {
    const opening = await openZipBag(target, options);
    isEncrypted = opening.isEncrypted;
    topFolder = opening.topFolder;
    if (opening.wrappedEntry !== undefined) {
      report.check('encrypted ZIP', {
        code: 'bag.check.encryptedEntry',
        params: { entry: opening.wrappedEntry },
      });
    }
    report.check(
      'ZIP',
      topFolder === undefined
        ? undefined
        : { code: 'bag.check.topFolder', params: { folder: topFolder } },
    );
    for (const { problem, file, message, code, params } of opening.problems) {
      report.add('ZIP', { file, problem, message, code, params });
    }
    source = opening.source;
  }

  let facts: BagFacts = { bagInfo: [], payloadFileCount: 0, checkedManifests: [] };
  if (source) {
    const worker = new HashWorker();
    try {
      facts = await checkBag(source, report, worker, { allManifests: options.allManifests });
    } catch (error) {
      await source.close();
      throw error;
    } finally {
      await worker.close();
    }
  }
  // The ZIP stays open for readFile: reading its central directory again for each file cost
  // half a second per read with 5,000 entries.
  const openSource = format === 'zip' ? source : undefined;
  if (format === 'folder') await source?.close();
  const { checks, findings } = report.build();
  return {
    ok: findings.length === 0 && checks.every((check) => check.ok),
    target,
    format,
    topFolder,
    bagItVersion: facts.version,
    isEncrypted,
    bagInfo: facts.bagInfo,
    payloadFileCount: facts.payloadFileCount,
    checks,
    findings,
    checkedManifests: facts.checkedManifests,
    readFile: (bagPath, maxBytes = MAX_TAG_FILE_BYTES) =>
      openSource === undefined
        ? readBagFile(target, format, bagPath, maxBytes, options)
        : readOpenBagFile(openSource, target, bagPath, maxBytes),
    close: async () => {
      await openSource?.close();
    },
  };
}

async function readOpenBagFile(
  source: BagSource,
  target: string,
  bagPath: string,
  maxBytes: number,
): Promise<Buffer> {
  const unsafe = findUnsafePath(bagPath);
  if (unsafe !== undefined)
    throw new UsageError({
      code: 'error.bagit.bagVerify.bagPath',
      params: { bagPath: JSON.stringify(bagPath), unsafe },
    });
  if (!source.files.some((file) => file.path === bagPath)) {
    throw new UsageError({ code: 'error.bagit.bagVerify.bag', params: { bagPath, target } });
  }
  return source.read(bagPath, maxBytes);
}

async function readBagFile(
  target: string,
  format: 'zip' | 'folder',
  bagPath: string,
  maxBytes: number,
  options: VerifyBagOptions,
): Promise<Buffer> {
  const unsafe = findUnsafePath(bagPath);
  if (unsafe !== undefined)
    throw new UsageError({
      code: 'error.bagit.bagVerify.bagPath2',
      params: { bagPath: JSON.stringify(bagPath), unsafe },
    });
  if (format === 'folder') {
    const source = await openFolderBag(target);
    if (!source.files.some((file) => file.path === bagPath)) {
      throw new UsageError({ code: 'error.bagit.bagVerify.bag2', params: { bagPath, target } });
    }
    return source.read(bagPath, maxBytes);
  }
  const opening = await openZipBag(target, options);
  if (opening.source === undefined) {
    throw new UsageError({
      code: 'error.bagit.bagVerify.readBag',
      params: { target, opening: opening.problems[0]?.message },
    });
  }
  try {
    if (!opening.source.files.some((file) => file.path === bagPath)) {
      throw new UsageError({ code: 'error.bagit.bagVerify.bag3', params: { bagPath, target } });
    }
    return await opening.source.read(bagPath, maxBytes);
  } finally {
    await opening.source.close();
  }
}
