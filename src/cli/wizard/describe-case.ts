import { DateTime } from 'luxon';
import type { CaseSummary } from '../../app/cases.js';
import type { WizardText } from './text.js';

/** One line per case for the resume list and `preuve cases`. */
export function describeCase(text: WizardText, summary: CaseSummary, zone: string): string {
  const changed = DateTime.fromJSDate(summary.lastChange, { zone }).toFormat('dd/LL/yyyy HH:mm');
  return text('case.line', {
    name: summary.victimName ?? text('case.no-name'),
    reference: summary.reference ?? '?',
    exhibits: summary.exhibitCount,
    state: text(summary.isBuilt ? 'case.built' : 'case.not-built'),
    changed,
  });
}
