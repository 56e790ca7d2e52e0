import type { CheckResult } from '../app/check.js';
import type { Output } from './context.js';

/** Prints the gaps as the family reads them: what is missing, then why and how, indented. */
export function printGaps(output: Output, result: CheckResult): void {
  output.info(`${result.title} (${result.reference}) — ${result.intro}`);
  if (result.essentialCount === 0) output.info(`  ${result.noneEssential}`);
  for (const gap of result.gaps) {
    output.info(`  ${gap.line}`);
    output.info(`      ${gap.advice}`);
  }
}
