import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CUSTODY_FILE, casePaths, EVIDENCE_DIR, JOURNAL_FILE } from '../model/case-layout.js';
import type { CaseFile } from '../model/case-schema.js';
import type { CaseReader } from '../model/case-session.js';
import { type CustodyEntry, findCustodyProblem, readCustodyLines } from '../model/custody.js';
import { formatExhibitId } from '../model/exhibit.js';
import { sha256File } from '../model/sha256-file.js';
import type { StampChecker } from '../model/timestamp.js';
import { checkCaseExpectation } from './expect.js';
import {
  describedCheck,
  describedFinding,
  describeStampFinding,
  summarizeReport,
  type VerifyCheck,
  type VerifyFinding,
  type VerifyReport,
} from './report.js';

/**
 * Re-checks a case folder: every copy in evidence/ (exists, size, SHA-256, read-only), nothing
 * unrecorded in evidence/, the custody log's hash chain, and that the log records every exhibit
 * with the same hashes. Reads only; changes nothing.
 */
export async function verifyCase(
  caseDir: string,
  options: {
    /** Re-checks the stored stamps (timestamp/case-stamps.ts, handed in by the use case). */
    readonly stamps: StampChecker;
    /** Loads the case and its pending change (case/, handed in by the use case). */
    readonly reader: CaseReader;
    readonly trustedCerts?: readonly Buffer[];
    readonly expect?: string;
  },
): Promise<VerifyReport> {
  const caseFile = await options.reader.loadCase(caseDir);
  const paths = casePaths(caseDir);
  const findings: VerifyFinding[] = [];
  const checks: VerifyCheck[] = [];

  const copies = caseFile.exhibits.flatMap((exhibit) =>
    exhibit.files.filter((file) => file.storedPath),
  );
  const recorded = new Set(copies.map((file) => file.storedPath!));
  const copiesChecked = copies.length;
  // Several copies in flight: one small file after another waits on each system call in turn
  // (5,000 files of a few KB took 30 s on a loaded machine). Findings keep the case's order.
  const copyFindings: (VerifyFinding | undefined)[] = [];
  let next = 0;
  const checkNext = async (): Promise<void> => {
    while (next < copies.length) {
      const index = next++;
      const file = copies[index]!;
      copyFindings[index] = await checkCopy(caseDir, file.storedPath!, file.size, file.sha256);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, copies.length) }, checkNext));
  for (const finding of copyFindings) if (finding) findings.push(finding);
  checks.push(
    describedCheck('copies', findings.length === 0, 'verify.check.copies', {
      count: copiesChecked,
      folder: EVIDENCE_DIR,
    }),
  );

  const journal = await options.reader.readPendingChange(caseDir);
  if (journal) {
    findings.push(
      describedFinding({ file: JOURNAL_FILE, problem: 'interrupted' }, 'verify.case.interrupted', {
        command: journal.command,
        journal: JOURNAL_FILE,
        caseOption: caseOption(caseDir),
      }),
    );
  }
  checks.push({ name: 'no interrupted change', ok: !journal });

  const extras = (await listFiles(paths.evidenceDir)).map((path) =>
    relative(caseDir, path).split('\\').join('/'),
  );
  const exhibitFolders = new Set(
    caseFile.exhibits.map((exhibit) => `${EVIDENCE_DIR}/${formatExhibitId(exhibit.number)}/`),
  );
  const unlisted = extras.filter((path) => !recorded.has(path));
  for (const path of unlisted) {
    // A folder of an exhibit case.json never recorded, or a temporary file: an interrupted add.
    const isLeftover =
      !exhibitFolders.has(path.replace(/^(evidence\/P\d+\/).*$/, '$1')) ||
      /(^|\/)\.(tmp|staging)-|\.tmp-[0-9a-f]+$/.test(path);
    if (journal && isLeftover) continue;
    findings.push(
      isLeftover
        ? describedFinding({ file: path, problem: 'interrupted' }, 'verify.case.leftover', {
            path,
            caseOption: caseOption(caseDir),
          })
        : describedFinding({ file: path, problem: 'unlisted' }, 'verify.case.unlisted', {
            path,
            folder: EVIDENCE_DIR,
          }),
    );
  }
  checks.push({ name: 'no unrecorded files', ok: unlisted.length === 0 });

  const lines = await readCustodyLines(paths.custodyFile).catch(() => undefined);
  if (!lines) {
    findings.push(
      describedFinding({ file: CUSTODY_FILE, problem: 'missing' }, 'verify.case.missing', {
        path: CUSTODY_FILE,
      }),
    );
    checks.push({ name: 'custody chain', ok: false });
  } else {
    const problem = findCustodyProblem(lines);
    if (problem) {
      findings.push(
        describedFinding(
          {
            file: `${CUSTODY_FILE}:${problem.line}`,
            problem: 'chain-broken',
            ...(problem.expected ? { expected: problem.expected } : {}),
            ...(problem.found ? { found: problem.found } : {}),
          },
          'verify.custody.broken',
          { file: CUSTODY_FILE, problem: problem.detail },
        ),
      );
    } else if (!journal) {
      findings.push(
        ...compareCustodyWithCase(
          lines.map((line) => JSON.parse(line) as CustodyEntry),
          caseFile.exhibits,
        ),
      );
    }
    checks.push(
      describedCheck('custody chain', !problem, 'verify.check.custodyEntries', {
        count: lines.length,
      }),
    );
    if (options.expect && !problem) {
      const expectation = checkCaseExpectation(lines, options.expect);
      checks.push(expectation.check);
      if (expectation.finding) findings.push(expectation.finding);
    }
  }

  const stamps = await options.stamps.checkCaseStamps(
    caseDir,
    caseFile.exhibits,
    options.trustedCerts ?? [],
  );
  for (const stamp of stamps) {
    if (!stamp.ok) findings.push(describeStampFinding(stamp));
  }
  if (stamps.length > 0) {
    checks.push(
      describedCheck(
        'timestamps',
        stamps.every((stamp) => stamp.ok),
        'verify.check.timestamps',
        {
          stamps: stamps.map(
            (stamp) => stamp.detail ?? { code: 'error.text', params: { text: stamp.message } },
          ),
        },
      ),
    );
  }

  const ok = findings.length === 0;
  const summary = summarizeReport(findings, {
    code: 'verify.summary.case',
    params: {
      reference: caseFile.reference,
      exhibits: caseFile.exhibits.length,
      files: copiesChecked,
      entries: lines?.length ?? 0,
      stamps:
        stamps.length > 0
          ? { code: 'verify.summary.stamps', params: { count: stamps.length } }
          : '',
      expect: options.expect
        ? { code: 'verify.summary.expect', params: { expect: options.expect } }
        : '',
    },
  });
  return {
    target: caseDir,
    kind: 'case',
    ok,
    checks,
    findings,
    ...summary,
    language: caseFile.language,
    counts: {
      reference: caseFile.reference,
      files: copiesChecked,
      exhibits: caseFile.exhibits.length,
      custodyEntries: lines?.length ?? 0,
      timestamps: stamps.length,
    },
  };
}

async function checkCopy(
  caseDir: string,
  storedPath: string,
  size: number,
  sha256: string,
): Promise<VerifyFinding | undefined> {
  const path = join(caseDir, storedPath);
  const info = await lstat(path).catch(() => undefined);
  const where = { path: storedPath };
  if (!info)
    return describedFinding({ file: storedPath, problem: 'missing' }, 'verify.case.missing', where);
  if (!info.isFile()) {
    return describedFinding(
      { file: storedPath, problem: 'malformed' },
      'verify.case.notAFile',
      where,
    );
  }
  if (info.size !== size) {
    return describedFinding(
      {
        file: storedPath,
        problem: 'size-mismatch',
        expected: String(size),
        found: String(info.size),
      },
      'verify.case.sizeChanged',
      { ...where, found: info.size, expected: size },
    );
  }
  const found = await sha256File(path);
  if (found !== sha256) {
    return describedFinding(
      { file: storedPath, problem: 'hash-mismatch', expected: sha256, found },
      'verify.case.hashChanged',
      { ...where, found, expected: sha256 },
    );
  }
  if ((info.mode & 0o222) !== 0) {
    return describedFinding(
      {
        file: storedPath,
        problem: 'permissions',
        expected: '0400',
        found: (info.mode & 0o777).toString(8).padStart(4, '0'),
      },
      'verify.case.writable',
      { ...where, mode: (info.mode & 0o777).toString(8) },
    );
  }
  return undefined;
}

function compareCustodyWithCase(
  entries: readonly CustodyEntry[],
  exhibits: CaseFile['exhibits'],
): VerifyFinding[] {
  const logged = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.action !== 'add') continue;
    const details = entry.details as { exhibit?: string; files?: { sha256: string }[] };
    if (details.exhibit)
      logged.set(
        details.exhibit,
        (details.files ?? []).map((file) => file.sha256),
      );
  }
  const findings: VerifyFinding[] = [];
  for (const exhibit of exhibits) {
    const id = formatExhibitId(exhibit.number);
    const hashes = logged.get(id);
    const expected = exhibit.files.map((file) => file.sha256).join(',');
    if (!hashes) {
      findings.push(
        describedFinding(
          { file: CUSTODY_FILE, problem: 'custody-mismatch' },
          'verify.case.notLogged',
          { id },
        ),
      );
    } else if (hashes.join(',') !== expected) {
      findings.push(
        describedFinding(
          {
            file: CUSTODY_FILE,
            problem: 'custody-mismatch',
            expected: hashes.join(','),
            found: expected,
          },
          'verify.case.hashesDiffer',
          { id },
        ),
      );
    }
  }
  return findings;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  // Sub-folders (one per exhibit) are read together, not one after another; the order is kept.
  const lists = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return lists.flat();
}

/** ` --case <dir>` for the repair command, quoted when the path needs it. */
function caseOption(caseDir: string): string {
  return ` --case ${/^[\w./@:+-]+$/.test(caseDir) ? caseDir : `'${caseDir.replace(/'/g, "'\\''")}'`}`;
}
