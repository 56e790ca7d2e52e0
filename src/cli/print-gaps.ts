import type { AfterBuildAdvice } from '../app/after-build.js';
import type { CheckResult } from '../app/check.js';
import { takedownLines } from '../model/takedown.js';
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

/** After a build: the gaps, then the takedown services when they apply. */
export function printAfterBuild(output: Output, advice: AfterBuildAdvice): void {
  output.info('');
  printGaps(output, advice.check);
  if (!advice.takedown) return;
  output.info('');
  for (const line of takedownLines(advice.takedown)) output.info(line);
}
