import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BagFinding } from '../bagit/bag-report.js';
import { type BagVerification, verifyBag } from '../bagit/bag-verify.js';
import { CASE_FILE } from '../model/case-layout.js';
import type { CaseReader } from '../model/case-session.js';
import { findCustodyProblem } from '../model/custody.js';
import { sha256Hex } from '../model/fingerprint.js';
import { checkInputFile } from '../model/input-file.js';
import type { Message } from '../model/messages.js';
import { sha256File } from '../model/sha256-file.js';
import type { StampChecker, StampRecord } from '../model/timestamp.js';
import { verifyCase } from './case.js';
import { checkDossierExpectation, type ExpectationResult } from './expect.js';
import {
  describedCheck,
  describedFinding,
  describeStampFinding,
  summarizeReport,
  type VerifyCheck,
  type VerifyFinding,
  type VerifyReport,
} from './report.js';
import { type SignedBy, verifyDossierSignature } from './signature.js';

/**
 * Verifies whatever it is given: a case folder (copies, custody), a dossier ZIP or an unzipped bag
 * (every manifest; for a preuve dossier also the fingerprint, manifest.json, SHA256SUMS and the
 * custody chain). Any BagIt 1.0 or 0.97 bag can be checked, not only preuve's.
 */
export async function verifyTarget(
  target: string,
  options: {
    /** Re-checks stored stamps (timestamp/case-stamps.ts, handed in by the use case). */
    stamps: StampChecker;
    /** Loads a case folder (case/, handed in by the use case). */
    reader: CaseReader;
    passphrase?: string;
    trustedCerts?: readonly Buffer[];
    expect?: string;
    allManifests?: boolean;
  },
): Promise<VerifyReport & { isEncrypted?: boolean; signedBy?: SignedBy }> {
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory() && (await stat(join(target, CASE_FILE)).catch(() => undefined))) {
    return verifyCase(target, {
      stamps: options.stamps,
      reader: options.reader,
      ...(options.trustedCerts ? { trustedCerts: options.trustedCerts } : {}),
      ...(options.expect ? { expect: options.expect } : {}),
    });
  }
  // A named pipe or a device would block the ZIP reader or never end.
  if (info && !info.isDirectory()) await checkInputFile(target, { what: target });
  const bag = await verifyBag(target, options);
  // The ZIP stays open for the dossier's own checks: close it whatever happens.
  try {
    const findings: VerifyFinding[] = bag.findings.map(toFinding);
    const checks: VerifyCheck[] = [...bag.checks];
    const isPreuve = bag.bagInfo.some((entry) => entry.label === 'Preuve-Fingerprint');
    let language: 'fr' | 'en' | undefined;
    let signedBy: SignedBy | undefined;
    if (
      isPreuve &&
      bag.findings.every(
        (finding) => finding.problem !== 'encrypted' && finding.problem !== 'passphrase',
      )
    ) {
      const outcome = await checkPreuveDossier(
        bag,
        checks,
        findings,
        options.trustedCerts ?? [],
        options.stamps,
      );
      language = outcome.language;
      signedBy = outcome.signedBy;
      if (bag.format === 'zip') await checkPdfBeside(target, bag, checks, findings);
    }
    if (options.expect) {
      const expectation = await checkExpectedDossier(
        target,
        info?.isFile() ?? false,
        bag,
        options.expect,
      );
      checks.push(expectation.check);
      if (expectation.finding) findings.push(expectation.finding);
    }
    const ok = findings.length === 0;
    const summary = summarizeReport(findings, {
      code: isPreuve ? 'verify.summary.dossier' : 'verify.summary.bag',
      params: {
        reference: bag.bagInfo.find((e) => e.label === 'External-Identifier')?.value ?? '',
        files: bag.payloadFileCount,
        manifests: bag.checkedManifests.join(', '),
        signed: signedBy
          ? {
              code: 'verify.summary.signed',
              params: {
                who: [signedBy.name, signedBy.organisation].filter(Boolean).join(', '),
                key: signedBy.keyFingerprint,
              },
            }
          : '',
        expect: options.expect
          ? { code: 'verify.summary.expect', params: { expect: options.expect } }
          : '',
      },
    });
    return {
      target,
      kind: isPreuve ? 'dossier' : 'bag',
      ok,
      checks,
      findings,
      ...summary,
      ...(language ? { language } : {}),
      manifests: bag.checkedManifests,
      counts: {
        files: bag.payloadFileCount,
        ...(isPreuve
          ? { reference: bag.bagInfo.find((e) => e.label === 'External-Identifier')?.value }
          : {}),
      },
      isEncrypted: bag.isEncrypted,
      ...(signedBy ? { signedBy } : {}),
    };
  } finally {
    await bag.close();
  }
}

/**
 * The PDF beside a dossier ZIP (same name, .pdf) is what a reader opens: it must be the PDF inside
 * the ZIP, byte for byte. A missing PDF is no finding (the ZIP may travel alone).
 */
async function checkPdfBeside(
  zipFile: string,
  bag: BagVerification,
  checks: VerifyCheck[],
  findings: VerifyFinding[],
): Promise<void> {
  const pdfFile = `${zipFile.replace(/\.zip$/i, '')}.pdf`;
  if (pdfFile === zipFile) return;
  const info = await stat(pdfFile).catch(() => undefined);
  if (!info?.isFile()) return;
  const inside = await bag.readFile('data/dossier.pdf').catch(() => undefined);
  if (!inside) return;
  const beside = await readFile(pdfFile).catch(() => undefined);
  const isSame = beside !== undefined && sha256Hex(beside) === sha256Hex(inside);
  checks.push({ name: 'PDF beside the ZIP', ok: isSame, detail: pdfFile });
  if (isSame) return;
  const expected = readPdfFingerprint(inside) ?? '(none)';
  const found = (beside && readPdfFingerprint(beside)) ?? '(none)';
  const isSameDossier = found === expected;
  findings.push(
    describedFinding(
      {
        file: pdfFile,
        problem: isSameDossier ? 'hash-mismatch' : 'fingerprint-mismatch',
        expected: isSameDossier ? `SHA-256 ${sha256Hex(inside)}` : expected,
        found: isSameDossier ? `SHA-256 ${beside ? sha256Hex(beside) : '(unreadable)'}` : found,
      },
      isSameDossier ? 'verify.dossier.pdfOtherBuild' : 'verify.dossier.pdfOtherDossier',
      { pdfFile, found, expected },
    ),
  );
}

/** --expect on a dossier: the value may be its fingerprint, its ZIP's or PDF's SHA-256, or its custody seal. */
async function checkExpectedDossier(
  target: string,
  isFile: boolean,
  bag: BagVerification,
  expected: string,
): Promise<ExpectationResult> {
  const readOptional = (path: string) => bag.readFile(path).catch(() => undefined);
  const pdf = await readOptional('data/dossier.pdf');
  const custody = await readOptional('data/custody.jsonl');
  const fingerprint = bag.bagInfo.find((entry) => entry.label === 'Preuve-Fingerprint')?.value;
  return checkDossierExpectation(expected, {
    ...(fingerprint ? { fingerprint } : {}),
    ...(isFile ? { zipSha256: await sha256File(target) } : {}),
    ...(pdf ? { pdfSha256: sha256Hex(pdf) } : {}),
    ...(custody
      ? {
          custodyLines: custody
            .toString('utf8')
            .split('\n')
            .filter((line) => line !== ''),
        }
      : {}),
  });
}

function toFinding(finding: BagFinding): VerifyFinding {
  const problem: VerifyFinding['problem'] =
    finding.problem === 'hash-mismatch' ||
    finding.problem === 'missing' ||
    finding.problem === 'unlisted' ||
    finding.problem === 'malformed' ||
    finding.problem === 'encrypted' ||
    finding.problem === 'passphrase'
      ? finding.problem
      : 'other';
  return { ...finding, problem };
}

async function checkPreuveDossier(
  bag: BagVerification,
  checks: VerifyCheck[],
  findings: VerifyFinding[],
  trustedCerts: readonly Buffer[],
  stamps: StampChecker,
): Promise<{ language: 'fr' | 'en' | undefined; signedBy: SignedBy | undefined }> {
  const label = (name: string) => bag.bagInfo.find((entry) => entry.label === name)?.value;
  const read = async (path: string) => {
    try {
      return await bag.readFile(path);
    } catch {
      // A file the bag check already found damaged (its digest differs, its ZIP entry is bad) is
      // not also "missing": that finding says what is wrong with it.
      if (bag.findings.some((finding) => finding.file === path)) return undefined;
      findings.push(
        describedFinding({ file: path, problem: 'missing' }, 'verify.dossier.missing', { path }),
      );
      return undefined;
    }
  };
  const problemsBefore = findings.length;

  // 1. The fingerprint: SHA-256 of data/evidence-manifest.txt, as in bag-info, manifest.json and the PDF.
  const expected = label('Preuve-Fingerprint') ?? '';
  const evidenceManifest = await read('data/evidence-manifest.txt');
  const manifestBytes = await read('data/manifest.json');
  const pdf = await read('data/dossier.pdf');
  if (evidenceManifest) {
    const found = sha256Hex(evidenceManifest);
    if (found !== expected) {
      findings.push(
        describedFinding(
          { file: 'data/evidence-manifest.txt', problem: 'fingerprint-mismatch', expected, found },
          'verify.dossier.evidenceManifestFingerprint',
        ),
      );
    }
  }
  let manifest:
    | {
        fingerprint?: string;
        language?: string;
        exhibits?: {
          id: string;
          files: { sha256: string; bagPath: string | null; name: string }[];
        }[];
      }
    | undefined;
  if (manifestBytes) {
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8'));
    } catch {
      findings.push(
        describedFinding(
          { file: 'data/manifest.json', problem: 'malformed' },
          'verify.dossier.manifestNotJson',
        ),
      );
    }
  }
  if (manifest && manifest.fingerprint !== expected) {
    findings.push(
      describedFinding(
        {
          file: 'data/manifest.json',
          problem: 'fingerprint-mismatch',
          expected,
          found: String(manifest.fingerprint),
        },
        'verify.dossier.manifestFingerprint',
      ),
    );
  }
  if (pdf) {
    const found = readPdfFingerprint(pdf);
    if (found !== expected) {
      findings.push(
        describedFinding(
          {
            file: 'data/dossier.pdf',
            problem: 'fingerprint-mismatch',
            expected,
            found: found ?? '(none)',
          },
          'verify.dossier.pdfFingerprint',
        ),
      );
    }
  }
  checks.push({
    name: 'dossier fingerprint',
    ok: findings.length === problemsBefore,
    detail: expected,
  });

  // 2. manifest.json agrees with the bag: every copied file's hash is the hash recorded at intake.
  const sums = await read('data/SHA256SUMS');
  const bagHashes = new Map<string, string>();
  const manifestSha256 = await read('manifest-sha256.txt');
  for (const line of manifestSha256?.toString('utf8').split('\n') ?? []) {
    const match = /^([0-9a-f]{64})\s+(.+)$/.exec(line.trim());
    if (match) bagHashes.set(decodeBagPath(match[2]!), match[1]!);
  }
  const before = findings.length;
  for (const exhibit of manifest?.exhibits ?? []) {
    for (const file of exhibit.files) {
      if (!file.bagPath) continue;
      const inBag = bagHashes.get(file.bagPath);
      if (inBag !== file.sha256) {
        findings.push(
          describedFinding(
            {
              file: file.bagPath,
              problem: 'hash-mismatch',
              expected: file.sha256,
              found: inBag ?? '(absent)',
            },
            'verify.dossier.exhibitFileChanged',
            { id: exhibit.id, name: file.name },
          ),
        );
      }
    }
  }
  checks.push({ name: 'manifest.json agrees with the bag', ok: findings.length === before });

  // 3. SHA256SUMS agrees with the bag's manifest (which verifyBag checked against the bytes).
  const sumsBefore = findings.length;
  for (const line of sums?.toString('utf8').split('\n') ?? []) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    const path = match ? `data/${match[2]}` : undefined;
    if (!match || !path || bagHashes.get(path) !== match[1]) {
      findings.push(
        describedFinding(
          {
            file: 'data/SHA256SUMS',
            problem: 'hash-mismatch',
            expected: path ? (bagHashes.get(path) ?? '(absent)') : '',
            found: line,
          },
          'verify.dossier.sumsDisagree',
          { path: path ?? line },
        ),
      );
    }
  }
  checks.push({ name: 'SHA256SUMS', ok: findings.length === sumsBefore });

  // 4. The custody log's chain.
  const custody = await read('data/custody.jsonl');
  if (custody) {
    const lines = custody
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    const problem = findCustodyProblem(lines);
    if (problem) {
      findings.push(
        describedFinding(
          {
            file: `data/custody.jsonl:${problem.line}`,
            problem: 'chain-broken',
            ...(problem.expected ? { expected: problem.expected } : {}),
            ...(problem.found ? { found: problem.found } : {}),
          },
          'verify.custody.broken',
          { file: 'data/custody.jsonl', problem: problem.detail },
        ),
      );
    }
    checks.push(
      describedCheck('custody chain', !problem, 'verify.check.custodyEntriesPlural', {
        count: lines.length,
      }),
    );
  }

  // 5. Timestamp tokens: each covers the fingerprint of the first n exhibits of evidence-manifest.txt.
  const stampFiles = [...bagHashes.keys()]
    .filter((path) => /^data\/timestamps\/\d{2,}-.*\.json$/.test(path))
    .sort();
  const prefixes =
    evidenceManifest && stampFiles.length > 0
      ? prefixFingerprints(evidenceManifest.toString('utf8'))
      : new Map<string, string>();
  const stampMessages: Message[] = [];
  const stampsBefore = findings.length;
  for (const path of stampFiles) {
    const record = JSON.parse((await bag.readFile(path)).toString('utf8')) as StampRecord;
    if (record.status !== 'granted' || !record.files.response) continue;
    const tokenPath = `data/timestamps/${record.files.response}`;
    const covers = prefixes.get(record.fingerprint);
    if (!covers) {
      findings.push(
        describedFinding(
          { file: tokenPath, problem: 'timestamp', expected: record.fingerprint },
          'verify.dossier.stampMatchesNothing',
          { path: tokenPath },
        ),
      );
      continue;
    }
    const token = await read(tokenPath);
    if (!token) continue;
    const chain = record.files.chain
      ? await read(`data/timestamps/${record.files.chain}`)
      : undefined;
    const check = await stamps.checkToken(
      tokenPath,
      token,
      record.fingerprint,
      { exhibitCount: Number.MAX_SAFE_INTEGER, lastExhibit: covers },
      0,
      [...trustedCerts, ...(chain ? [chain] : [])],
    );
    if (!check.ok) findings.push(describeStampFinding({ ...check, file: tokenPath }));
    else
      stampMessages.push({
        code: 'verify.check.stampValid',
        params: { file: tokenPath, time: check.genTime ?? '', covers },
      });
  }
  if (stampFiles.length > 0)
    checks.push(
      describedCheck('timestamps', findings.length === stampsBefore, 'verify.check.timestamps', {
        stamps: stampMessages,
      }),
    );
  const language =
    manifest?.language === 'fr' || manifest?.language === 'en' ? manifest.language : undefined;

  // 6. The operator's signature over the evidence manifest, when there is one.
  const signedBy = await verifyDossierSignature(
    (path) => bag.readFile(path),
    evidenceManifest,
    checks,
    findings,
  );
  return { language, signedBy };
}

/** Fingerprint of the evidence manifest cut after each exhibit → "P1–Pn" it covers. */
function prefixFingerprints(evidenceManifest: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = evidenceManifest.split('\n').filter((line) => line !== '');
  // One running hash, copied at each exhibit's end: hashing every prefix anew is quadratic
  // (10 s for 5,000 exhibits).
  const running = createHash('sha256');
  for (const [index, line] of lines.entries()) {
    running.update(`${line}\n`);
    const id = line.split('\t')[0]!;
    const next = lines[index + 1]?.split('\t')[0];
    if (next !== id) result.set(running.copy().digest('hex'), `P1–${id}`);
  }
  return result;
}

/** The fingerprint preuve writes in the PDF's document information (`/PreuveFingerprint`). */
export function readPdfFingerprint(pdf: Buffer): string | undefined {
  const text = pdf.toString('latin1');
  const direct = /\/PreuveFingerprint \(([0-9a-f]{64})\)/.exec(text);
  if (direct) return direct[1];
  const reference = /\/PreuveFingerprint (\d+) 0 R/.exec(text);
  if (!reference) return undefined;
  return new RegExp(`\\n${reference[1]} 0 obj\\n\\(([0-9a-f]{64})\\)`).exec(text)?.[1];
}

/** RFC 8493 encodes only CR, LF and % in manifest paths. */
function decodeBagPath(path: string): string {
  return path.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}
