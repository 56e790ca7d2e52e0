import type { MessageParam } from '../model/messages.js';
import { describedBagFinding, type ReportBuilder, sayText, sayUnsafe } from './bag-report.js';
import type { BagFile, BagSource } from './bag-source.js';
import {
  type BagAlgorithm,
  decodeTagText,
  dropDotSlash,
  findUnsafePath,
  isBagAlgorithm,
  parseFetch,
  parseManifest,
  parseTagLabels,
} from './bagit-text.js';
import type { HashWorker } from './hash-worker.js';

/** Tag files (bagit.txt, manifests…) are read whole; past this they are refused. */
export const MAX_TAG_FILE_BYTES = 64 * 1024 * 1024;
const SUPPORTED_VERSIONS = new Set(['1.0', '0.97']);

export interface BagFacts {
  version?: string;
  bagInfo: Array<{ label: string; value: string }>;
  payloadFileCount: number;
  /** The manifests whose digests were computed and compared (file names). */
  checkedManifests: string[];
}

/** Strongest first: by default the payload is checked against the first one present. */
const ALGORITHM_STRENGTH: readonly BagAlgorithm[] = ['sha512', 'sha256', 'sha1', 'md5'];

/** Every BagIt check of one bag, findings into `report`. */
export async function checkBag(
  source: BagSource,
  report: ReportBuilder,
  worker: HashWorker,
  options: { allManifests?: boolean } = {},
): Promise<BagFacts> {
  const files = new Map(source.files.map((file) => [pathKey(file.path), file]));
  for (const odd of source.oddEntries) {
    report.add('bag layout', {
      file: odd.path,
      problem: 'malformed',
      message: odd.message,
      ...(odd.code ? { code: odd.code, params: odd.params ?? {} } : {}),
    });
  }

  const declared = await checkBagitTxt(source, files, report);
  if (declared === undefined) return { bagInfo: [], payloadFileCount: 0, checkedManifests: [] };
  const { version } = declared;
  const tagText = (path: string, check: string) =>
    readText(source, path, check, report, declared.encoding);
  const bagInfo = await readBagInfo(files, report, version, tagText);
  await checkFetch(files, report, tagText);
  const manifests = await readManifests(source, version, report, tagText);
  const payloadFiles = source.files.filter((file) => file.path.startsWith('data/'));
  checkCompleteness(payloadFiles, files, manifests, report);
  const checked = selectManifests(manifests, bagInfo, options.allManifests === true);
  const sizes = await checkDigests(source, files, checked, report, worker);
  checkPayloadOxum(bagInfo, payloadFiles, sizes, report);
  return {
    version,
    bagInfo: bagInfo.map(({ label, value }) => ({ label, value })),
    payloadFileCount: payloadFiles.length,
    checkedManifests: checked.map((manifest) => manifest.name),
  };
}

type ReadTagText = (path: string, check: string) => Promise<string | undefined>;

/**
 * bagit.txt: exactly `BagIt-Version` then `Tag-File-Character-Encoding`, in UTF-8 with no byte
 * order mark; returns the version and the encoding of the other tag files.
 */
async function checkBagitTxt(
  source: BagSource,
  files: Map<string, BagFile>,
  report: ReportBuilder,
): Promise<{ version: string; encoding: string } | undefined> {
  const check = 'bagit.txt';
  if (!files.has('bagit.txt')) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'missing',
      ...sayText('bag.notABag'),
    });
    return undefined;
  }
  const text = await readText(source, 'bagit.txt', check, report);
  if (text === undefined) return undefined;
  const add = (
    code: string,
    params: Readonly<Record<string, MessageParam>>,
    expected?: string,
    found?: string,
  ) =>
    report.add(check, {
      file: 'bagit.txt',
      problem: 'malformed',
      ...sayText(code, params),
      expected,
      found,
    });
  if (text.startsWith('\uFEFF')) add('bag.bom', {});
  const { labels, problems } = parseTagLabels(text.replace(/^\uFEFF/, ''));
  for (const { detail } of problems)
    add('bag.malformedTag', { file: 'bagit.txt', problem: detail });
  const [first, second, ...rest] = labels;
  if (first?.label !== 'BagIt-Version') {
    add('bag.firstLine', {}, 'BagIt-Version', first?.label);
  }
  if (second?.label !== 'Tag-File-Character-Encoding') {
    add('bag.secondLine', {}, 'Tag-File-Character-Encoding', second?.label);
  }
  for (const extra of rest) add('bag.unexpectedLabel', { line: extra.line, label: extra.label });
  const version = first?.label === 'BagIt-Version' ? first.value : undefined;
  if (version !== undefined && !SUPPORTED_VERSIONS.has(version)) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'unsupported',
      expected: '1.0 or 0.97',
      found: version,
      ...sayText('bag.unsupportedVersion', { version }),
    });
  }
  const encoding = second?.label === 'Tag-File-Character-Encoding' ? second.value : 'UTF-8';
  if (decodeTagText(new Uint8Array(), encoding) === undefined) {
    report.add(check, {
      file: 'bagit.txt',
      problem: 'unsupported',
      expected: 'UTF-8, UTF-16 or ISO-8859-1',
      found: encoding,
      ...sayText('bag.unsupportedEncoding', { encoding }),
    });
  }
  report.check(
    check,
    version === undefined ? undefined : { code: 'bag.check.version', params: { version } },
  );
  return { version: version ?? '1.0', encoding };
}

async function readBagInfo(
  files: Map<string, BagFile>,
  report: ReportBuilder,
  version: string,
  tagText: ReadTagText,
): Promise<Array<{ label: string; value: string; line: number }>> {
  if (!files.has('bag-info.txt')) return [];
  const check = 'bag-info.txt';
  report.check(check);
  const text = await tagText('bag-info.txt', check);
  if (text === undefined) return [];
  const { labels, problems } = parseTagLabels(text, { isLenient: version === '0.97' });
  for (const { detail } of problems) {
    report.add(check, {
      file: 'bag-info.txt',
      problem: 'malformed',
      ...sayText('bag.malformedTag', { file: 'bag-info.txt', problem: detail }),
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

/** fetch.txt: every path as strict as a manifest path, so a fetcher never writes outside data/. */
async function checkFetch(
  files: Map<string, BagFile>,
  report: ReportBuilder,
  tagText: ReadTagText,
): Promise<void> {
  if (!files.has('fetch.txt')) return;
  const check = 'fetch.txt';
  report.check(check);
  const text = await tagText('fetch.txt', check);
  if (text === undefined) return;
  const { entries, problems } = parseFetch(text);
  for (const { path, detail } of problems) {
    report.add(check, {
      file: 'fetch.txt',
      problem: path === undefined ? 'malformed' : 'path-traversal',
      found: path,
      ...sayText('bag.fetchUnsafe', { problem: detail }),
    });
  }
  report.check(check, { code: 'bag.check.fetch', params: { count: entries.length } });
}

async function readManifests(
  source: BagSource,
  version: string,
  report: ReportBuilder,
  tagText: ReadTagText,
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
        ...sayText('bag.unsupportedAlgorithm', { name, algorithm }),
      });
      continue;
    }
    const text = await tagText(name, name);
    if (text === undefined) continue;
    const parsed = parseManifest(text, algorithm, { decodePaths: version !== '0.97' });
    for (const { detail } of parsed.problems) {
      report.add(name, {
        file: name,
        problem: 'malformed',
        ...sayText('bag.malformedTag', { file: name, problem: detail }),
      });
    }
    const entries = new Map<string, { path: string; digest: string; line: number }>();
    for (const parsedEntry of parsed.entries) {
      const entry =
        version === '0.97' ? { ...parsedEntry, path: dropDotSlash(parsedEntry.path) } : parsedEntry;
      const unsafe = findUnsafePath(entry.path);
      if (unsafe !== undefined) {
        report.add(name, {
          file: name,
          problem: 'path-traversal',
          found: entry.path,
          ...sayText('bag.unsafePath', {
            name,
            line: entry.line,
            path: JSON.stringify(entry.path),
            unsafe: sayUnsafe(unsafe),
          }),
        });
        continue;
      }
      if (!isTag && !entry.path.startsWith('data/')) {
        report.add(name, {
          file: name,
          problem: 'malformed',
          found: entry.path,
          ...sayText('bag.notUnderData', { name, line: entry.line, path: entry.path }),
        });
        continue;
      }
      const key = pathKey(entry.path);
      const earlier = entries.get(key);
      if (earlier !== undefined) {
        report.add(name, {
          file: entry.path,
          problem: 'duplicate',
          ...sayText('bag.listedAgain', {
            name,
            line: entry.line,
            path: entry.path,
            first: earlier.line,
          }),
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
      ...sayText('bag.noPayloadManifest'),
    });
  }
  return manifests;
}

/**
 * Which manifests to compute digests for. All of them on request; by default every tag manifest
 * (tag files are small) and the strongest payload manifest, which reads each payload byte once
 * for one digest. A preuve dossier also keeps manifest-sha256.txt: SHA-256 is what links the
 * bytes to the timestamped fingerprint and to manifest.json.
 */
function selectManifests(
  manifests: readonly Manifest[],
  bagInfo: ReadonlyArray<{ label: string }>,
  isAll: boolean,
): Manifest[] {
  if (isAll) return [...manifests];
  const payload = manifests.filter((manifest) => !manifest.isTag);
  const strongest = ALGORITHM_STRENGTH.find((algorithm) =>
    payload.some((manifest) => manifest.algorithm === algorithm),
  );
  const isPreuve = bagInfo.some(({ label }) => label === 'Preuve-Fingerprint');
  return manifests.filter(
    (manifest) =>
      manifest.isTag ||
      manifest.algorithm === strongest ||
      (isPreuve && manifest.algorithm === 'sha256'),
  );
}

/** Every payload file in every payload manifest; every listed file present. */
function checkCompleteness(
  payloadFiles: readonly BagFile[],
  files: Map<string, BagFile>,
  manifests: readonly Manifest[],
  report: ReportBuilder,
): void {
  const check = 'every file listed and present';
  report.check(check, { code: 'bag.check.payload', params: { count: payloadFiles.length } });
  for (const manifest of manifests) {
    for (const entry of manifest.entries.values()) {
      if (!files.has(pathKey(entry.path))) {
        report.add(
          check,
          describedBagFinding(
            { file: entry.path, problem: 'missing', expected: entry.digest },
            'verify.bag.listedNotInBag',
            { path: entry.path, manifest: manifest.name },
          ),
        );
      }
    }
    if (manifest.isTag) continue;
    for (const file of payloadFiles) {
      if (!manifest.entries.has(pathKey(file.path))) {
        report.add(
          check,
          describedBagFinding({ file: file.path, problem: 'unlisted' }, 'verify.bag.notListed', {
            path: file.path,
            manifest: manifest.name,
          }),
        );
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
        ...sayText('bag.unreadableFile', { path: file.path, reason: message }),
      });
      continue;
    }
    checked += 1;
    sizes.set(file.path, result.size);
    for (const { manifest, entry } of wanted) {
      const found = result.digests.get(manifest.algorithm)!;
      if (found !== entry.digest) {
        report.add(
          manifest.name,
          describedBagFinding(
            { file: file.path, problem: 'hash-mismatch', expected: entry.digest, found },
            'verify.bag.digestMismatch',
            {
              path: file.path,
              manifest: manifest.name,
              algorithm: manifest.algorithm,
              expected: entry.digest,
              found,
            },
          ),
        );
      }
    }
  }
  report.check('digests', { code: 'bag.check.read', params: { count: checked } });
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
      ...sayText('bag.oxumMalformed', { declared: JSON.stringify(declared) }),
    });
  } else if (declared !== found) {
    report.add(
      check,
      describedBagFinding(
        { file: 'bag-info.txt', problem: 'oxum', expected: declared, found },
        'verify.bag.oxumMismatch',
        { declared, found },
      ),
    );
  }
}

/**
 * A tag file as text in `encoding`. A byte order mark is kept only in bagit.txt, so that it can
 * be refused for one; in UTF-16 it is how the byte order is known.
 */
async function readText(
  source: BagSource,
  path: string,
  check: string,
  report: ReportBuilder,
  encoding = 'UTF-8',
): Promise<string | undefined> {
  try {
    const bytes = await source.read(path, MAX_TAG_FILE_BYTES);
    const text = decodeTagText(bytes, encoding);
    if (text === undefined) return undefined; // bagit.txt already said the encoding is unknown
    return path === 'bagit.txt' ? text : text.replace(/^\uFEFF/, '');
  } catch (error) {
    const isEncoding = error instanceof TypeError;
    report.add(check, {
      file: path,
      problem: isEncoding ? 'malformed' : 'unreadable',
      ...(isEncoding
        ? sayText('bag.badEncoding', { path, encoding })
        : sayText('bag.unreadableFile', { path, reason: (error as Error).message })),
    });
    return undefined;
  }
}

/** Manifests and file systems may spell an accented name in NFC or NFD: compare in NFC. */
function pathKey(path: string): string {
  return path.normalize('NFC');
}
