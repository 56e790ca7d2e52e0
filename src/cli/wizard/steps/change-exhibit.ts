import { resolve } from 'node:path';
import { applyMark, applyWithdraw } from '../../../app/withdraw.js';
import type { CaseSession } from '../../../model/case-session.js';
import { describeError, PreuveError } from '../../../model/errors.js';
import { type Exhibit, formatExhibitId } from '../../../model/exhibit.js';
import { splitDroppedPaths } from '../dropped-paths.js';
import type { WizardSession } from '../session.js';
import { describeAdded } from './evidence.js';

export type ExhibitChange = 'withdraw' | 'mark';

/**
 * Undoes a mistake on one exhibit from the review screen: withdraw it, or change its marking
 * (intimate or not). The change is made at once and logged; "back" is the first choice, so Enter
 * changes nothing.
 */
export async function changeExhibit(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
  change: ExhibitChange,
): Promise<void> {
  const { prompter, text } = session;
  const candidates = caseSession.current().exhibits.filter((exhibit) => !exhibit.withdrawn);
  if (candidates.length === 0) {
    prompter.say(text('change.no-exhibit'));
    return;
  }
  const number = await prompter.select<number>(text(`change.${change}-which`), [
    { value: 0, name: text('change.back') },
    ...candidates.map((exhibit) => ({
      value: exhibit.number,
      name: describeAdded(session, exhibit).trim(),
    })),
  ]);
  const exhibit = candidates.find((candidate) => candidate.number === number);
  if (!exhibit) return;
  const id = formatExhibitId(exhibit.number);
  const common = { exhibit: id, operator, clock: session.clock };
  try {
    if (change === 'withdraw') {
      const reason = await prompter.text(text('change.withdraw-reason'), {
        default: text('change.withdraw-default'),
      });
      await applyWithdraw(caseSession, {
        ...common,
        reason: reason || text('change.withdraw-default'),
      });
      prompter.say(text('change.withdrawn', { id }));
      return;
    }
    if (!exhibit.isSensitive) {
      const isSure = await prompter.select<boolean>(text('change.mark-sensitive', { id }), [
        { value: false, name: text('change.back') },
        { value: true, name: text('change.mark-sensitive-yes') },
      ]);
      if (!isSure) return;
      await applyMark(caseSession, { ...common, isSensitive: true });
      prompter.say(text('change.marked-sensitive', { id }));
      return;
    }
    await markNotSensitive(session, caseSession, exhibit, common);
  } catch (error) {
    if (!(error instanceof PreuveError)) throw error;
    prompter.say(text('change.failed', { message: describeError(error, text.language) }));
  }
}

/** A hash-only item becomes a copy only from the same file again: its hash must match. */
async function markNotSensitive(
  session: WizardSession,
  caseSession: CaseSession,
  exhibit: Exhibit,
  common: { exhibit: string; operator: string; clock: WizardSession['clock'] },
): Promise<void> {
  const { prompter, text } = session;
  const original = exhibit.files[0];
  prompter.say(text('change.not-sensitive-intro', { id: common.exhibit }));
  const answer = await prompter.text(text('change.not-sensitive-file'), {
    ...(original ? { default: original.sourcePath } : {}),
  });
  const path = splitDroppedPaths(answer)[0];
  if (!path) return;
  await applyMark(caseSession, { ...common, isSensitive: false, file: resolve(path) });
  prompter.say(text('change.marked-not-sensitive', { id: common.exhibit }));
}
