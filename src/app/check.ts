import { type GapText, loadGapTexts } from '../case/gap-text.js';
import { type Gap, listGaps } from '../case/gaps.js';
import { loadCase } from '../case/store.js';
import type { CaseFile } from '../model/case-schema.js';
import type { EvidenceFinding } from '../model/finding.js';

export interface CheckRequest {
  readonly caseDir: string;
  /** Defaults to the case's language. */
  readonly language?: 'fr' | 'en';
  /** Findings read from the evidence, once that step exists. */
  readonly findings?: readonly EvidenceFinding[];
}

export type CheckedGap = Gap & GapText;

export interface CheckResult {
  readonly reference: string;
  readonly language: 'fr' | 'en';
  readonly title: string;
  readonly intro: string;
  /** Shown when no essential gap is left. */
  readonly noneEssential: string;
  readonly essentialCount: number;
  readonly gaps: readonly CheckedGap[];
}

/** `preuve check`: what the case lacks, by what investigators ask for. Never an error. */
export async function checkCase(request: CheckRequest): Promise<CheckResult> {
  return describeGaps(await loadCase(request.caseDir), request);
}

/** The same list for a case already in hand (the wizard's review screen, after a build). */
export function describeGaps(
  caseFile: CaseFile,
  options: { readonly language?: 'fr' | 'en'; readonly findings?: readonly EvidenceFinding[] } = {},
): CheckResult {
  const language = options.language ?? caseFile.language;
  const texts = loadGapTexts(language);
  const gaps = listGaps({ caseFile, ...(options.findings ? { findings: options.findings } : {}) });
  return {
    reference: caseFile.reference,
    language,
    title: texts.title,
    intro: texts.intro,
    noneEssential: texts.none,
    essentialCount: gaps.filter((gap) => gap.level === 'essential').length,
    gaps: gaps.map((gap) => ({ ...gap, ...texts.describe(gap) })),
  };
}
