import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withCase } from '../case/store.js';
import { type Conflict, findConflicts } from '../findings/conflicts.js';
import { regionOfTimeZone } from '../findings/country.js';
import { loadSignalPatterns } from '../findings/signal-patterns.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { DIR_MODE } from '../model/case-layout.js';
import type { CaseFile } from '../model/case-schema.js';
import type { CaseSession } from '../model/case-session.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import type { Finding } from '../model/findings.js';
import { planAccept, selectAllIdentifiers, selectSuggestedHighlights } from './findings-accept.js';
import { collectCaseFindings } from './findings-evidence.js';
import { type OcrProgress, type OcrSummary, ocrCaseImages } from './findings-ocr.js';

/** derived/findings.json: rebuildable from the evidence at any time. */
export const FINDINGS_FILE = 'findings.json';
export const OCR_DIR = 'ocr';

export interface FindingsRequest {
  readonly caseDir: string;
  readonly operator: string;
  readonly clock: Clock;
  /** ISO 3166 region for numbers without +country; default: from the case's time zone. */
  readonly country?: string;
  /** OCR of the images not read yet (default true); stored in derived/ocr/. */
  readonly ocr?: boolean;
  readonly onOcrProgress?: (progress: OcrProgress) => void;
}

export interface FindingsResult {
  readonly reference: string;
  readonly country: string;
  readonly findings: readonly Finding[];
  readonly conflicts: readonly Conflict[];
  /** What the OCR did this run (absent with ocr: false). */
  readonly ocr?: OcrSummary;
  /** Suggested ids for `accept --all-identifiers` and `--suggested-highlights`. */
  readonly suggested: {
    readonly identifiers: readonly string[];
    readonly highlights: readonly string[];
  };
}

/** Reads the case's evidence into findings, stores them in derived/, and returns them. */
export async function listFindings(request: FindingsRequest): Promise<FindingsResult> {
  return withCase(
    request.caseDir,
    { command: 'findings', operator: request.operator, clock: request.clock },
    async (session) => readAndStore(session, request),
  );
}

/** The request of a case already open (the wizard holds its case open between questions). */
export type OpenFindingsRequest = Omit<FindingsRequest, 'caseDir' | 'operator' | 'clock'>;

/**
 * Reads the findings of a case already open and stores them in derived/. The wizard's screen
 * "Voici ce que les preuves montrent" and its review screen (conflicts) use it.
 */
export async function readAndStore(
  session: CaseSession,
  request: OpenFindingsRequest,
): Promise<FindingsResult> {
  const caseFile = session.current();
  const country = (request.country ?? regionOfTimeZone(caseFile.timeZone)).toUpperCase();
  const ocrDir = join(session.paths.derivedDir, OCR_DIR);
  const ocr =
    request.ocr === false
      ? undefined
      : await ocrCaseImages(session.caseDir, caseFile, ocrDir, request.onOcrProgress);
  const signals = await loadSignalPatterns();
  const collector = await collectCaseFindings(
    session.caseDir,
    caseFile,
    { defaultCountry: country, signals },
    ocrDir,
  );
  const findings = collector.findings();
  const result: FindingsResult = {
    reference: caseFile.reference,
    country,
    ...(ocr ? { ocr } : {}),
    findings,
    conflicts: conflictsOf(caseFile, findings, country),
    suggested: {
      identifiers: selectAllIdentifiers(findings).map((f) => f.id),
      highlights: selectSuggestedHighlights(findings).map((f) => f.id),
    },
  };
  await mkdir(session.paths.derivedDir, { recursive: true, mode: DIR_MODE });
  await writeFileAtomic(
    join(session.paths.derivedDir, FINDINGS_FILE),
    `${JSON.stringify({ country, findings, conflicts: result.conflicts }, null, 2)}\n`,
  );
  return result;
}

function conflictsOf(
  caseFile: CaseFile,
  findings: readonly Finding[],
  country: string,
): Conflict[] {
  const facts = caseFile.facts;
  return findConflicts(
    (facts.authorIdentifiers ?? []).filter((identifier) => identifier.source !== 'evidence'),
    (facts.payments ?? []).filter((payment) => payment.source !== 'evidence'),
    findings,
    country,
  );
}

export interface AcceptRequest extends FindingsRequest {
  readonly ids: readonly string[];
  readonly allIdentifiers?: boolean;
  readonly suggestedHighlights?: boolean;
}

export interface AcceptResult {
  readonly identifiers: readonly string[];
  readonly payments: readonly string[];
  readonly highlights: readonly string[];
  readonly linked: readonly string[];
  readonly conflicts: readonly Conflict[];
}

/**
 * Reads the evidence again (findings ids are those of the current evidence), moves the chosen
 * findings into the facts and highlights, and logs it in custody.
 */
export async function acceptFindings(request: AcceptRequest): Promise<AcceptResult> {
  if (request.ids.length === 0 && !request.allIdentifiers && !request.suggestedHighlights)
    throw new UsageError({ code: 'error.app.findings.sayWhichFindings' });
  return withCase(
    request.caseDir,
    { command: 'findings accept', operator: request.operator, clock: request.clock },
    async (session) => acceptInSession(session, request),
  );
}

/**
 * Accepts findings in a case already open: reads the evidence again (ids are those of the
 * current evidence), moves the chosen findings into the facts and highlights, logs it in custody.
 */
export async function acceptInSession(
  session: CaseSession,
  request: OpenFindingsRequest &
    Pick<AcceptRequest, 'ids' | 'allIdentifiers' | 'suggestedHighlights'>,
): Promise<AcceptResult> {
  const read = await readAndStore(session, request);
  const byId = new Map(read.findings.map((finding) => [finding.id, finding]));
  const chosen = new Map<string, Finding>();
  for (const raw of request.ids) {
    const id = raw.trim().toUpperCase();
    const finding = byId.get(/^\d+$/.test(id) ? `F${id}` : id);
    if (!finding)
      throw new UsageError({
        code: 'error.app.findings.suchFindingCase',
        params: { raw, length: read.findings.length },
      });
    chosen.set(finding.id, finding);
  }
  if (request.allIdentifiers)
    for (const finding of selectAllIdentifiers(read.findings)) chosen.set(finding.id, finding);
  if (request.suggestedHighlights)
    for (const finding of selectSuggestedHighlights(read.findings)) chosen.set(finding.id, finding);
  const plan = planAccept(session.current(), [...chosen.values()], read.findings, read.country);
  await session.commit(plan.next, [
    {
      action: 'findings-accept',
      details: {
        identifiers: plan.identifiers.map((id) => describe(byId.get(id))),
        payments: plan.payments.map((id) => describe(byId.get(id))),
        highlights: plan.highlights.map((id) => describe(byId.get(id))),
        linked: plan.linked,
      },
    },
  ]);
  return {
    identifiers: plan.identifiers,
    payments: plan.payments,
    highlights: plan.highlights,
    linked: plan.linked,
    conflicts: read.conflicts,
  };
}

/** What the custody log keeps of an accepted finding: its value and where it was read. */
function describe(finding: Finding | undefined): string {
  if (!finding) return '';
  const places = [
    ...new Set(
      finding.occurrences.map(
        (o) =>
          `${o.place.exhibit}${o.place.message !== undefined ? `#${o.place.message}` : o.place.region ? ' (image)' : ''}`,
      ),
    ),
  ];
  return `${finding.id} ${finding.kind} ${finding.normalized} (${places.slice(0, 20).join(', ')}${places.length > 20 ? ', …' : ''})`;
}

export type { Conflict } from '../findings/conflicts.js';
export type { Finding } from '../model/findings.js';
