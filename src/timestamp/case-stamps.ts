import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../model/atomic-write.js';
import { DIR_MODE } from '../model/case-layout.js';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import { EvidenceError, PreuveError, UsageError } from '../model/errors.js';
import type { Exhibit } from '../model/exhibit.js';
import { formatExhibitId } from '../model/exhibit.js';
import { computeFingerprint } from '../model/fingerprint.js';
import { type Message, renderMessage } from '../model/messages.js';
import type { StampCheck, StampRecord, StoredTimestamp } from '../model/timestamp.js';

export type { StampCheck, StampRecord } from '../model/timestamp.js';

import type { TimestampAuthority } from './authorities.js';
import type { TimestampReport } from './check-response.js';
import { timestampFileNames } from './storage.js';

// The certificate and ASN.1 libraries (pkijs, asn1js: about 0.1 s to load) are imported by the
// functions that make, read or check a token, when they run: verify and build check the case's
// stamps through this module, and most cases have none.

export const TIMESTAMPS_DIR = 'timestamps';

export interface StampOutcome {
  readonly authority: TimestampAuthority;
  readonly record?: StampRecord;
  /** Why this authority's stamp was not stored (English; `errorDetail` in any language). */
  readonly error?: string;
  readonly errorDetail?: Message;
  /** Stored, but the chain could not be checked against a trusted root (`warningDetail`: its code). */
  readonly warning?: string;
  readonly warningDetail?: Message;
}

export interface StampRequest {
  readonly authorities: readonly TimestampAuthority[];
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Roots to trust (--ca-file), PEM or DER. */
  readonly trustedCerts?: readonly Buffer[];
  /** Only write the requests (.tsq), to be sent from another computer. */
  readonly isDryRun?: boolean;
  /** Called just before a server is contacted, so the user is told first. */
  readonly onContact?: (authority: TimestampAuthority) => void;
  readonly fetch?: typeof fetch;
}

/**
 * Stamps the dossier fingerprint with each authority in turn; one failing does not lose the others.
 * Each granted token is checked (status, imprint, nonce, signature, timeStamping usage, chain) before
 * it is stored with its request and certificate chain in `<case>/timestamps/`, and logged.
 */
export async function stampCase(
  session: CaseSession,
  request: StampRequest,
): Promise<StampOutcome[]> {
  const caseFile = session.current();
  if (caseFile.exhibits.length === 0) {
    throw new UsageError({ code: 'error.timestamp.caseStamps.caseExhibitYet' });
  }
  const { createTimestampRequest } = await import('./request.js');
  const { requestTimestamp } = await import('./http-client.js');
  const { inspectTimestampResponse } = await import('./check-response.js');
  const fingerprint = computeFingerprint(caseFile.exhibits);
  const folder = join(session.caseDir, TIMESTAMPS_DIR);
  const outcomes: StampOutcome[] = [];
  let index = (await readRecords(session.caseDir)).length;
  for (const authority of request.authorities) {
    index += 1;
    const names = timestampFileNames(index, authority.name);
    const tsq = createTimestampRequest(fingerprint);
    const base: Omit<StampRecord, 'status'> = {
      index,
      authority: { name: authority.name, url: authority.url },
      fingerprint,
      exhibitCount: caseFile.exhibits.length,
      lastExhibit: formatExhibitId(caseFile.exhibits.at(-1)!.number),
      requestedAt: request.clock.now().toISOString(),
      files: { request: names.request },
    };
    if (request.isDryRun) {
      await mkdir(folder, { recursive: true, mode: DIR_MODE });
      await writeFileAtomic(join(folder, names.request), tsq.der);
      const record: StampRecord = { ...base, status: 'pending' };
      await writeRecord(folder, record);
      await session.log([{ action: 'stamp-request', details: { ...record } }]);
      outcomes.push({ authority, record });
      continue;
    }
    try {
      request.onContact?.(authority);
      const response = await requestTimestamp(authority.url, tsq.der, {
        timeoutMs: request.timeoutMs,
        ...(request.fetch ? { fetch: request.fetch } : {}),
      });
      const report = await inspectTimestampResponse(response, {
        fingerprintHex: fingerprint,
        nonce: tsq.nonce,
        requestDer: tsq.der,
        trustedCerts: request.trustedCerts ?? [],
        label: `The answer of ${authority.name}`,
      });
      const { record, warning } = await storeGranted(
        session,
        folder,
        base,
        names,
        tsq.der,
        response,
        report,
      );
      outcomes.push({
        authority,
        record,
        ...(warning ? { warning: renderMessage('en', warning), warningDetail: warning } : {}),
      });
    } catch (error) {
      index -= 1;
      outcomes.push({
        authority,
        error: (error as Error).message,
        ...(error instanceof PreuveError ? { errorDetail: error.detail } : {}),
      });
    }
  }
  return outcomes;
}

/**
 * Takes in an answer obtained elsewhere (`preuve stamp --import file.tsr`) for a pending request
 * made with --dry-run, and checks it against that request before storing it.
 */
export async function importTimestamp(
  session: CaseSession,
  response: Buffer,
  trustedCerts: readonly Buffer[],
): Promise<StampOutcome> {
  const folder = join(session.caseDir, TIMESTAMPS_DIR);
  const pending = (await readRecords(session.caseDir)).filter(
    (record) => record.status === 'pending',
  );
  if (pending.length === 0) {
    throw new UsageError({ code: 'error.timestamp.caseStamps.pendingTimestampRequest' });
  }
  const { inspectTimestampResponse } = await import('./check-response.js');
  const problems: Message[] = [];
  for (const record of pending.reverse()) {
    const requestDer = await readFile(join(folder, record.files.request));
    const report = await inspectTimestampResponse(response, {
      fingerprintHex: record.fingerprint,
      requestDer,
      trustedCerts,
      label: 'The imported answer',
    });
    if (
      report.problems.some(
        (problem) =>
          problem.kind === 'imprint' || problem.kind === 'nonce' || problem.kind === 'request',
      )
    ) {
      problems.push({
        code: 'timestamp.import.requestMismatch',
        params: { file: record.files.request, problems: report.problems.map((p) => p.detail) },
      });
      continue;
    }
    const names = timestampFileNames(record.index, record.authority.name);
    const { status: _status, ...base } = record;
    const { record: stored, warning } = await storeGranted(
      session,
      folder,
      base,
      names,
      requestDer,
      response,
      report,
    );
    return {
      authority: {
        id: 'imported',
        name: record.authority.name,
        url: record.authority.url,
        note: '',
      },
      record: stored,
      ...(warning ? { warning: renderMessage('en', warning), warningDetail: warning } : {}),
    };
  }
  throw new EvidenceError({
    code: 'error.timestamp.caseStamps.answerMatchAny',
    params: { problems },
  });
}

async function storeGranted(
  session: CaseSession,
  folder: string,
  base: Omit<StampRecord, 'status'>,
  names: ReturnType<typeof timestampFileNames>,
  requestDer: Buffer,
  response: Buffer,
  report: TimestampReport,
): Promise<{ record: StampRecord; warning?: Message }> {
  const blocking = report.problems.filter((problem) => problem.kind !== 'chain');
  if (blocking.length > 0 || !report.info) {
    throw new EvidenceError({
      code: 'error.timestamp.caseStamps.tokenStored',
      params: {
        blocking: {
          code: 'timestamp.problem.list',
          params: { problems: blocking.map((problem) => problem.detail) },
        },
      },
    });
  }
  const chainProblem = report.problems.find((problem) => problem.kind === 'chain');
  const info = report.info;
  await mkdir(folder, { recursive: true, mode: DIR_MODE });
  await writeFileAtomic(join(folder, names.request), requestDer);
  await writeFileAtomic(join(folder, names.response), response);
  await writeFileAtomic(join(folder, names.chain), info.chainPem.join(''));
  const record: StampRecord = {
    ...base,
    status: 'granted',
    files: { request: names.request, response: names.response, chain: names.chain },
    genTime: info.genTime,
    serial: info.serial,
    policyOid: info.policyOid,
    tsaName: info.tsaName,
    chainTrusted: info.chainTrusted,
  };
  await writeRecord(folder, record);
  await session.log([{ action: 'stamp', details: { ...record } }]);
  return {
    record,
    ...(chainProblem
      ? {
          warning: {
            code: 'timestamp.chainUnchecked',
            params: { problem: chainProblem.detail },
          },
        }
      : {}),
  };
}

async function writeRecord(folder: string, record: StampRecord): Promise<void> {
  const name = timestampFileNames(record.index, record.authority.name).request.replace(
    /\.tsq$/,
    '.json',
  );
  await writeFileAtomic(join(folder, name), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every stamp record of the case, in order. */
export async function readRecords(caseDir: string): Promise<StampRecord[]> {
  const folder = join(caseDir, TIMESTAMPS_DIR);
  const names = (await readdir(folder).catch(() => [] as string[]))
    .filter((name) => /^\d{2,}-.*\.json$/.test(name))
    .sort();
  const records: StampRecord[] = [];
  for (const name of names)
    records.push(JSON.parse(await readFile(join(folder, name), 'utf8')) as StampRecord);
  return records;
}

/** Granted stamps, for the dossier: the files to put in data/timestamps/ and a summary for the PDF. */
export async function loadStoredTimestamps(
  caseDir: string,
  exhibits?: readonly Exhibit[],
): Promise<StoredTimestamp[]> {
  const folder = join(caseDir, TIMESTAMPS_DIR);
  const stamps: StoredTimestamp[] = [];
  for (const record of await readRecords(caseDir)) {
    if (record.status !== 'granted' || !record.files.response) continue;
    const isPartial = exhibits !== undefined && record.exhibitCount < exhibits.length;
    stamps.push({
      summary: {
        authority: record.authority.name,
        ...(isPartial && record.lastExhibit ? { coversUpTo: record.lastExhibit } : {}),
        time: record.genTime ?? '',
        fingerprint: record.fingerprint,
        tokenFile: `data/timestamps/${record.files.response}`,
        isVerified: true,
      },
      files: [
        record.files.request,
        record.files.response,
        record.files.chain,
        record.files.request.replace(/\.tsq$/, '.json'),
      ]
        .filter((name): name is string => Boolean(name))
        .map((name) => join(folder, name)),
    });
  }
  return stamps;
}

/**
 * Re-checks every stored token against the case: the fingerprint it covers must be the fingerprint of
 * the first <n> exhibits as they are now, and the token must be valid (signature, usage, chain to the
 * stored chain's root or to `trustedCerts`).
 */
export async function checkCaseStamps(
  caseDir: string,
  exhibits: readonly Exhibit[],
  trustedCerts: readonly Buffer[] = [],
): Promise<StampCheck[]> {
  const folder = join(caseDir, TIMESTAMPS_DIR);
  const checks: StampCheck[] = [];
  for (const record of await readRecords(caseDir)) {
    if (record.status !== 'granted' || !record.files.response) continue;
    const file = `${TIMESTAMPS_DIR}/${record.files.response}`;
    const covered = computeFingerprint(exhibits.slice(0, record.exhibitCount));
    if (covered !== record.fingerprint) {
      const detail = {
        code: 'timestamp.check.exhibitsChanged',
        params: { file, last: String(record.lastExhibit), covered, stamped: record.fingerprint },
      };
      checks.push({ file, ok: false, message: renderMessage('en', detail), detail });
      continue;
    }
    checks.push(
      await checkToken(
        file,
        await readFile(join(folder, record.files.response)),
        record.fingerprint,
        record,
        exhibits.length,
        [
          ...trustedCerts,
          ...(record.files.chain ? [await readFile(join(folder, record.files.chain))] : []),
        ],
      ),
    );
  }
  return checks;
}

/** Checks one token for a fingerprint; `trusted` are PEM/DER certificates to trust. */
export async function checkToken(
  file: string,
  token: Buffer,
  fingerprint: string,
  record: Pick<StampRecord, 'exhibitCount' | 'lastExhibit'> | undefined,
  exhibitTotal: number,
  trusted: readonly Buffer[],
): Promise<StampCheck> {
  const { parseCertificates } = await import('./certificates.js');
  const { inspectTimestampResponse } = await import('./check-response.js');
  const roots = trusted.flatMap((buffer) => {
    try {
      return parseCertificates(buffer, file).length > 0 ? [buffer] : [];
    } catch {
      return [];
    }
  });
  const report = await inspectTimestampResponse(token, {
    fingerprintHex: fingerprint,
    trustedCerts: roots,
    label: file,
  });
  if (report.problems.length > 0) {
    const detail = {
      code: 'timestamp.check.invalid',
      params: { file, problems: report.problems.map((problem) => problem.detail) },
    };
    return { file, ok: false, message: renderMessage('en', detail), detail };
  }
  const isPartial = record !== undefined && record.exhibitCount < exhibitTotal;
  const detail: Message = {
    code: isPartial ? 'timestamp.check.validPartial' : 'timestamp.check.valid',
    params: {
      file,
      authority: report.info?.tsaName ?? 'unknown',
      time: report.info?.genTime ?? '',
      last: String(record?.lastExhibit ?? ''),
    },
  };
  return {
    file,
    ok: true,
    message: renderMessage('en', detail),
    detail,
    ...(report.info ? { genTime: report.info.genTime } : {}),
  };
}
