import { stat } from 'node:fs/promises';
import {
  type BagAlgorithm,
  findUnsafePath,
  isBagAlgorithm,
  parseManifest,
  parseTagLabels,
} from '../dossier/zip/bagit-text.js';
import { HashWorker } from '../dossier/zip/hash-worker.js';
import { UsageError } from '../model/errors.js';
import type { BagCheck, BagFinding, BagReport } from './bag-report.js';
import { type BagFile, type BagSource, openFolderBag } from './bag-source.js';
import { openZipBag, type ZipLimits } from './zip-bag-source.js';

export interface VerifyBagOptions {
  /** For an encrypted ZIP. */
  readonly passphrase?: string;
  readonly limits?: ZipLimits;
}

/** The report, plus a way to read one file of the bag for checks beyond BagIt's. */
export interface BagVerification extends BagReport {
  /**
   * Bytes of one file of the bag (`data/manifest.json`, `data/custody.jsonl`…), read again from
   * the ZIP or the folder; fails past maxBytes (default 64 MiB) or for a path not in the bag.
   */
  readFile(bagPath: string, maxBytes?: number): Promise<Buffer>;
}

const MAX_TAG_FILE_BYTES = 64 * 1024 * 1024;
const SUPPORTED_VERSIONS = new Set(['1.0', '0.97']);

/**
 * Check a BagIt bag (RFC 8493, versions 1.0 and 0.97): a folder, or a ZIP read in place (an
 * encrypted one with its passphrase). Every manifest and tag manifest of md5, sha1, sha256 or
 * sha512 is checked, each file read once for all its digests. Problems are findings naming the
 * file, what was expected and what was found: a bad bag never throws. Only a target that does
 * not exist is a UsageError.
 */
export async function verifyBag(
  target: string,
  options: VerifyBagOptions = {},
): Promise<BagVerification> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) {
    throw new UsageError(`${target} does not exist. Give the dossier's ZIP or a bag folder.`);
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
    report.check('ZIP', topFolder === undefined ? undefined : `one top folder: ${topFolder}`);
    for (const { problem, file, message } of opening.problems) {
      report.add('ZIP', { file, problem, message });
    }
    source = opening.source;
  }

  let facts: BagFacts = { bagInfo: [], payloadFileCount: 0 };
  if (source) {
    const worker = new HashWorker();
    try {
      facts = await checkBag(source, report, worker);
    } finally {
      await worker.close();
      await source.close();
    }
  }
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
    readFile: (bagPath, maxBytes = MAX_TAG_FILE_BYTES) =>
      readBagFile(target, format, bagPath, maxBytes, options),
  };
}

interface BagFacts {
  version?: string;
  bagInfo: Array<{ label: string; value: string }>;
  payloadFileCount: number;
}

async function checkBag(
  source: BagSource,
  report: ReportBuilder,
  worker: HashWorker,
): Promise<BagFacts> {
  const files = new Map(source.files.map((file) => [pathKey(file.path), file]));
  for (const odd of source.oddEntries) {
    report.add('bag layout', { file: odd.path, problem: 'malformed', message: odd.message });
  }

  const version = await checkBagitTxt(source, files, report);
  if (version === undefined) return { bagInfo: [], payloadFileCount: 0 };
  const bagInfo = await readBagInfo(source, files, report);
  const manifests = await readManifests(source, version, report);
  const payloadFiles = source.files.filter((file) => file.path.startsWith('data/'));
  checkCompleteness(payloadFiles, files, manifests, report);
  const sizes = await checkDigests(source, files, manifests, report, worker);
  checkPayloadOxum(bagInfo, payloadFiles, sizes, report);
  return {
    version,
    bagInfo: bagInfo.map(({ label, value }) => ({ label, value })),
    payloadFileCount: payloadFiles.length,
  };
}

/** bagit.txt: exactly `BagIt-Version` then `Tag-File-Character-Encoding`; returns the version. */
async function checkBagitTxt(
  source: BagSource,
  files: Map<string, BagFile>,
  report: ReportBuilder,
): Promise<string | undefined> {
  const check = 'bagit.txt';
  if (!files.has('bagit.txt')) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'missing',
      message: 'bagit.txt is missing: this is not a BagIt bag (or not its top folder).',
    });
    return undefined;
  }
  const text = await readText(source, 'bagit.txt', check, report);
  if (text === undefined) return undefined;
  const add = (message: string, expected?: string, found?: string) =>
    report.add(check, { file: 'bagit.txt', problem: 'malformed', message, expected, found });
  if (text.startsWith('\uFEFF'))
    add('bagit.txt starts with a byte order mark, which RFC 8493 forbids.');
  const { labels, problems } = parseTagLabels(text.replace(/^\uFEFF/, ''));
  for (const problem of problems) add(`bagit.txt: ${problem}`);
  const [first, second, ...rest] = labels;
  if (first?.label !== 'BagIt-Version') {
    add('bagit.txt: the first line must be "BagIt-Version: M.N".', 'BagIt-Version', first?.label);
  }
  if (second?.label !== 'Tag-File-Character-Encoding') {
    add(
      'bagit.txt: the second line must be "Tag-File-Character-Encoding: UTF-8".',
      'Tag-File-Character-Encoding',
      second?.label,
    );
  }
  for (const extra of rest) add(`bagit.txt line ${extra.line}: unexpected label ${extra.label}.`);
  const version = first?.label === 'BagIt-Version' ? first.value : undefined;
  if (version !== undefined && !SUPPORTED_VERSIONS.has(version)) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'unsupported',
      expected: '1.0 or 0.97',
      found: version,
      message: `bagit.txt declares BagIt-Version ${version}; preuve checks versions 1.0 and 0.97.`,
    });
  }
  const encoding = second?.label === 'Tag-File-Character-Encoding' ? second.value : undefined;
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'unsupported',
      expected: 'UTF-8',
      found: encoding,
      message: `bagit.txt declares tag files in ${encoding}; preuve reads UTF-8 tag files only.`,
    });
  }
  report.check(check, version === undefined ? undefined : `BagIt ${version}`);
  return version ?? '1.0';
}

async function readBagInfo(
  source: BagSource,
  files: Map<string, BagFile>,
  report: ReportBuilder,
): Promise<Array<{ label: string; value: string; line: number }>> {
  if (!files.has('bag-info.txt')) return [];
  const check = 'bag-info.txt';
  report.check(check);
  const text = await readText(source, 'bag-info.txt', check, report);
  if (text === undefined) return [];
  const { labels, problems } = parseTagLabels(text);
  for (const problem of problems) {
    report.add(check, {
      file: 'bag-info.txt',
      problem: 'malformed',
      message: `bag-info.txt: ${problem}`,
    });
  }
  return labels;
}

interface Manifest {
  readonly name: string;
  readonly algorithm: BagAlgorithm;
  readonly isTag: boolean;
  /** By path key; duplicates already reported and dropped. */
  readonly entries: Map<string, { path: string; digest: string; line: number }>;
}

async function readManifests(
  source: BagSource,
  version: string,
  report: ReportBuilder,
): Promise<Manifest[]> {
  const manifests: Manifest[] = [];
  for (const file of source.files) {
    const match = /^(tag)?manifest-([A-Za-z0-9]+)\.txt$/.exec(file.path);
    if (match === null) continue;
    const isTag = match[1] !== undefined;
    const algorithm = match[2]!.toLowerCase();
    const name = file.path;
    report.check(name);
    if (!isBagAlgorithm(algorithm)) {
      report.add(name, {
        file: name,
        problem: 'unsupported',
        found: algorithm,
        expected: 'md5, sha1, sha256 or sha512',
        message: `${name} uses ${algorithm}, which preuve cannot check; its files were not verified with it.`,
      });
      continue;
    }
    const text = await readText(source, name, name, report);
    if (text === undefined) continue;
    const parsed = parseManifest(text, algorithm, { decodePaths: version !== '0.97' });
    for (const { message } of parsed.problems) {
      report.add(name, { file: name, problem: 'malformed', message: `${name}: ${message}` });
    }
    const entries = new Map<string, { path: string; digest: string; line: number }>();
    for (const entry of parsed.entries) {
      const unsafe = findUnsafePath(entry.path);
      const where = `${name} line ${entry.line}`;
      if (unsafe !== undefined) {
        report.add(name, {
          file: name,
          problem: 'path-traversal',
          found: entry.path,
          message: `${where}: the path ${JSON.stringify(entry.path)} ${unsafe}; it was not read.`,
        });
        continue;
      }
      if (!isTag && !entry.path.startsWith('data/')) {
        report.add(name, {
          file: name,
          problem: 'malformed',
          found: entry.path,
          message: `${where}: ${entry.path} is not under data/; a payload manifest lists payload only.`,
        });
        continue;
      }
      const key = pathKey(entry.path);
      const earlier = entries.get(key);
      if (earlier !== undefined) {
        report.add(name, {
          file: entry.path,
          problem: 'duplicate',
          message: `${where}: ${entry.path} is listed again (first on line ${earlier.line}).`,
        });
        continue;
      }
      entries.set(key, entry);
    }
    manifests.push({ name, algorithm, isTag, entries });
  }
  if (!manifests.some((manifest) => !manifest.isTag) && !report.has('manifest-')) {
    report.add('payload manifest', {
      file: 'manifest-sha256.txt',
      problem: 'missing',
      message:
        'The bag has no payload manifest (manifest-<algorithm>.txt): nothing can be checked.',
    });
  }
  return manifests;
}

/** Every payload file in every payload manifest; every listed file present. */
function checkCompleteness(
  payloadFiles: readonly BagFile[],
  files: Map<string, BagFile>,
  manifests: readonly Manifest[],
  report: ReportBuilder,
): void {
  const check = 'every file listed and present';
  report.check(check, `${payloadFiles.length} payload files`);
  for (const manifest of manifests) {
    for (const entry of manifest.entries.values()) {
      if (!files.has(pathKey(entry.path))) {
        report.add(check, {
          file: entry.path,
          problem: 'missing',
          expected: entry.digest,
          message: `${entry.path} is listed in ${manifest.name} but is not in the bag.`,
        });
      }
    }
    if (manifest.isTag) continue;
    for (const file of payloadFiles) {
      if (!manifest.entries.has(pathKey(file.path))) {
        report.add(check, {
          file: file.path,
          problem: 'unlisted',
          message: `${file.path} is in the bag but not listed in ${manifest.name}.`,
        });
      }
    }
  }
}

/** Reads every listed file once for all its digests; returns the sizes actually read. */
async function checkDigests(
  source: BagSource,
  files: Map<string, BagFile>,
  manifests: readonly Manifest[],
  report: ReportBuilder,
  worker: HashWorker,
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let checked = 0;
  for (const file of source.files) {
    const key = pathKey(file.path);
    const wanted = manifests.flatMap((manifest) => {
      const entry = manifest.entries.get(key);
      return entry === undefined ? [] : [{ manifest, entry }];
    });
    if (wanted.length === 0 || files.get(key) !== file) continue;
    const algorithms = [...new Set(wanted.map(({ manifest }) => manifest.algorithm))];
    let result: Awaited<ReturnType<BagSource['digest']>>;
    try {
      result = await source.digest(file.path, algorithms, worker);
    } catch (error) {
      const message = (error as Error).message;
      const check = wanted[0]!.manifest.name;
      report.add(check, {
        file: file.path,
        problem: /ZIP bomb/.test(message) ? 'zip-bomb' : 'unreadable',
        message: `${file.path} could not be read: ${message}.`,
      });
      continue;
    }
    checked += 1;
    sizes.set(file.path, result.size);
    for (const { manifest, entry } of wanted) {
      const found = result.digests.get(manifest.algorithm)!;
      if (found !== entry.digest) {
        report.add(manifest.name, {
          file: file.path,
          problem: 'hash-mismatch',
          expected: entry.digest,
          found,
          message: `${file.path} does not match ${manifest.name}: ${manifest.algorithm} expected ${entry.digest}, found ${found}.`,
        });
      }
    }
  }
  report.check('digests', `${checked} files read`);
  return sizes;
}

function checkPayloadOxum(
  bagInfo: ReadonlyArray<{ label: string; value: string }>,
  payloadFiles: readonly BagFile[],
  sizes: Map<string, number>,
  report: ReportBuilder,
): void {
  const declared = bagInfo.find(({ label }) => label === 'Payload-Oxum')?.value;
  if (declared === undefined) return;
  const check = 'Payload-Oxum';
  const octets = payloadFiles.reduce((sum, file) => sum + (sizes.get(file.path) ?? file.size), 0);
  const found = `${octets}.${payloadFiles.length}`;
  report.check(check, found);
  if (!/^\d+\.\d+$/.test(declared)) {
    report.add(check, {
      file: 'bag-info.txt',
      problem: 'malformed',
      found: declared,
      message: `bag-info.txt: Payload-Oxum ${JSON.stringify(declared)} is not "<octets>.<files>".`,
    });
  } else if (declared !== found) {
    report.add(check, {
      file: 'bag-info.txt',
      problem: 'oxum',
      expected: declared,
      found,
      message: `Payload-Oxum in bag-info.txt is ${declared} (bytes.files) but the payload is ${found}.`,
    });
  }
}

async function readText(
  source: BagSource,
  path: string,
  check: string,
  report: ReportBuilder,
): Promise<string | undefined> {
  try {
    const bytes = await source.read(path, MAX_TAG_FILE_BYTES);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const isEncoding = error instanceof TypeError;
    report.add(check, {
      file: path,
      problem: isEncoding ? 'malformed' : 'unreadable',
      message: isEncoding
        ? `${path} is not valid UTF-8.`
        : `${path} could not be read: ${(error as Error).message}.`,
    });
    return undefined;
  }
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
    throw new UsageError(`The bag path ${JSON.stringify(bagPath)} ${unsafe}.`);
  if (format === 'folder') {
    const source = await openFolderBag(target);
    if (!source.files.some((file) => file.path === bagPath)) {
      throw new UsageError(`${bagPath} is not in the bag ${target}.`);
    }
    return source.read(bagPath, maxBytes);
  }
  const opening = await openZipBag(target, options);
  if (opening.source === undefined) {
    throw new UsageError(`${target} cannot be read as a bag: ${opening.problems[0]?.message}`);
  }
  try {
    if (!opening.source.files.some((file) => file.path === bagPath)) {
      throw new UsageError(`${bagPath} is not in the bag ${target}.`);
    }
    return await opening.source.read(bagPath, maxBytes);
  } finally {
    await opening.source.close();
  }
}

/** Manifests and file systems may spell an accented name in NFC or NFD: compare in NFC. */
function pathKey(path: string): string {
  return path.normalize('NFC');
}

/** Findings, grouped under named checks in the order the checks were first met. */
class ReportBuilder {
  readonly #checks = new Map<string, { problems: number; detail?: string }>();
  readonly #findings: BagFinding[] = [];

  check(name: string, detail?: string): void {
    const check = this.#checks.get(name) ?? { problems: 0 };
    if (detail !== undefined) check.detail = detail;
    this.#checks.set(name, check);
  }

  add(checkName: string, finding: BagFinding): void {
    this.check(checkName);
    this.#checks.get(checkName)!.problems += 1;
    this.#findings.push(finding);
  }

  has(namePrefix: string): boolean {
    return [...this.#checks.keys()].some((name) => name.startsWith(namePrefix));
  }

  build(): { checks: BagCheck[]; findings: BagFinding[] } {
    const checks = [...this.#checks].map(([name, { problems, detail }]) => ({
      name,
      ok: problems === 0,
      detail: problems === 0 ? detail : `${problems} problem${problems === 1 ? '' : 's'}`,
    }));
    return { checks, findings: this.#findings };
  }
}
