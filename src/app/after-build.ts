import type { CaseFile } from '../model/case-schema.js';
import { loadTakedownAdvice, needsTakedownAdvice, type TakedownAdvice } from '../model/takedown.js';
import { type CheckResult, describeGaps } from './check.js';

export interface AfterBuildAdvice {
  /** What the case still lacks (the same list as `preuve check`). */
  readonly check: CheckResult;
  /** Take It Down and the 3018, when an intimate image or a threat of publication is recorded. */
  readonly takedown?: TakedownAdvice;
}

/** What to tell the family once the dossier is built, in the case's language. */
export function adviseAfterBuild(
  caseFile: CaseFile,
  language = caseFile.language,
): AfterBuildAdvice {
  const check = describeGaps(caseFile, { language });
  return needsTakedownAdvice(caseFile)
    ? { check, takedown: loadTakedownAdvice(language) }
    : { check };
}
