import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withCase } from '../case/store.js';
import { replayStoredMessages } from '../chats/replay-stored.js';
import type { BuildRequest, BuildResult } from '../dossier/build.js';
import { checkDossierOutput } from '../dossier/output-path.js';
import type { CaseFile } from '../model/case-schema.js';
import type { CaseSession } from '../model/case-session.js';
import { EvidenceError } from '../model/errors.js';
import type { Finding } from '../model/findings.js';
import type { Message } from '../model/messages.js';
import { loadStoredTimestamps } from '../timestamp/case-stamps.js';
import { verifyCase } from '../verify/case.js';
import type { VerifyFinding } from '../verify/report.js';
import { CASE_READER, STAMP_CHECKER } from './verify.js';

export type { BuildResult } from '../dossier/build.js';

/** What the command, the wizard, a spec and the demo ask of a build. */
export type BuildCaseRequest = Omit<
  BuildRequest,
  'timestamps' | 'replayMessages' | 'readUnconfirmedFindings'
>;

export interface BuildCaseInFolderRequest extends BuildCaseRequest {
  readonly caseDir: string;
}

/** Opens (locks) the case folder and builds its dossier: `preuve build`. */
export async function buildCaseInFolder(request: BuildCaseInFolderRequest): Promise<BuildResult> {
  const { caseDir, ...build } = request;
  return withCase(
    caseDir,
    { command: 'build', operator: request.operator, clock: request.clock },
    (session) => buildCase(session, build),
  );
}

/** The findings "preuve findings" stored (derived/findings.json) that the facts and highlights do not hold. */
async function readUnconfirmedFindings(caseDir: string, caseFile: CaseFile): Promise<Finding[]> {
  const stored = await readFile(join(caseDir, 'derived', 'findings.json'), 'utf8').catch(
    () => null,
  );
  if (!stored) return [];
  // Loaded here: most cases have no stored findings, and these checks load the phone-number library.
  const { selectUnconfirmedFindings } = await import('./findings-unconfirmed.js');
  const { country, findings } = JSON.parse(stored) as { country: string; findings: Finding[] };
  return selectUnconfirmedFindings(findings, caseFile.facts, caseFile.exhibits, country);
}

/**
 * The one build setup: checks the case (every copy re-hashed, custody chain, stored timestamps),
 * refuses a case that does not verify, then takes the stored timestamps in, then builds. The
 * timestamps are marked verified because the check just before re-checked each of them.
 */
export async function buildCase(
  session: CaseSession,
  request: BuildCaseRequest,
): Promise<BuildResult> {
  await checkDossierOutput(session, request.outFile);
  request.onProgress?.('checking the case');
  const check = await verifyCase(session.caseDir, {
    stamps: STAMP_CHECKER,
    reader: CASE_READER,
  });
  if (!check.ok) {
    throw new EvidenceError({
      code: 'error.app.build.caseVerifySo',
      params: { check: describeFinding(check.findings[0]!) },
    });
  }
  const timestamps = await loadStoredTimestamps(session.caseDir, session.current().exhibits);
  // Loaded once the output and the case are known to be good: a refused build (a bad --out, a
  // case that does not verify) never loads the PDF, ZIP and signing machinery (about 0.7 s).
  const { buildDossier } = await import('../dossier/build.js');
  return buildDossier(session, {
    ...request,
    timestamps,
    replayMessages: replayStoredMessages,
    readUnconfirmedFindings: () => readUnconfirmedFindings(session.caseDir, session.current()),
  });
}

/** A finding in the reader's language when it was said as a code, else its English sentence. */
function describeFinding(finding: VerifyFinding): Message | string {
  return finding.code ? { code: finding.code, params: finding.params ?? {} } : finding.message;
}
