import {
  acceptInSession,
  type Finding,
  type FindingsResult,
  readAndStore,
} from '../../../app/findings.js';
import {
  isAuthorSide,
  selectAllIdentifiers,
  selectSuggestedHighlights,
} from '../../../app/findings-accept.js';
import type { CaseSession } from '../../../model/case-session.js';
import { describeError, InterruptedError } from '../../../model/errors.js';
import type { Choice } from '../prompter.js';
import type { WizardSession } from '../session.js';
import { formatAmount } from '../text.js';

/** At most this many lines on the screen: the first of each kind come first. */
const MAX_SHOWN = 15;

/**
 * "Voici ce que les preuves montrent": the identifiers, amounts and threatening messages read in
 * the evidence (OCR included, with progress), each kept or dropped by the family. Nothing is
 * ticked in advance: only what the family ticks is accepted, through the same use case as
 * `preuve findings accept` (logged in custody, each fact with its source).
 */
export async function askFindings(session: WizardSession, caseSession: CaseSession): Promise<void> {
  const { book, text, prompter } = session;
  if (book.has('findings.kept')) return;
  if (caseSession.current().exhibits.length === 0) return;
  session.progress(text('findings.reading'));
  let read: FindingsResult;
  try {
    read = await readAndStore(caseSession, {
      onOcrProgress: (progress) => {
        if (progress.done < progress.total)
          session.progress(
            text('findings.ocr', { done: progress.done + 1, total: progress.total }),
          );
      },
    });
  } catch (error) {
    // The images' text is a help, not a step the family must pass: without it the chats are still read.
    if (error instanceof InterruptedError) throw error;
    session.endProgress();
    prompter.say(
      text('findings.ocr-failed', { reason: describeError(error, session.text.language) }),
    );
    read = await readAndStore(caseSession, { ocr: false });
  } finally {
    session.endProgress();
  }
  const shown = chooseShown(read.findings);
  if (shown.length === 0) {
    prompter.say(text('findings.none'));
    await book.set('findings.kept', []);
    await book.set('findings.keptKinds', []);
    return;
  }
  prompter.say('');
  prompter.say(text('findings.title'));
  prompter.say(`  ${text('findings.why')}`);
  const choices: Choice<string>[] = shown.map((finding) => ({
    value: finding.id,
    name: describeFinding(session, finding),
    short: shortName(session, finding),
  }));
  const kept = await prompter.checkbox(
    text('findings.question'),
    choices,
    text('findings.hint'),
    text('findings.none-kept'),
  );
  if (kept.length > 0) await acceptInSession(caseSession, { ids: kept, ocr: false });
  const kinds = [...new Set(shown.filter((f) => kept.includes(f.id)).map((f) => f.kind))];
  await book.set('findings.kept', kept);
  await book.set('findings.keptKinds', kinds);
}

/** Identifiers and payment means of the other party, then amounts, then threatening messages. */
function chooseShown(findings: readonly Finding[]): Finding[] {
  const identifiers = selectAllIdentifiers(findings);
  // Amounts the other party wrote (a demand); what the child wrote is asked as a payment.
  const amounts = findings.filter((finding) => finding.kind === 'amount' && isAuthorSide(finding));
  const signals = selectSuggestedHighlights(findings);
  return [...identifiers, ...amounts, ...signals].slice(0, MAX_SHOWN);
}

/** "Numéro de téléphone : +33600000042 (P4 message 3, P1 sur l'image)". */
export function describeFinding(session: WizardSession, finding: Finding): string {
  const { text } = session;
  const places = [
    ...new Set(
      finding.occurrences.map((occurrence) =>
        occurrence.place.message !== undefined
          ? text('findings.place-message', {
              exhibit: occurrence.place.exhibit,
              message: occurrence.place.message,
            })
          : text('findings.place-image', { exhibit: occurrence.place.exhibit }),
      ),
    ),
  ];
  const where = places.slice(0, 3).join(', ') + (places.length > 3 ? ', …' : '');
  const isSignal = ['demand', 'threat', 'deadline'].includes(finding.kind);
  const raw = isSignal
    ? (finding.occurrences.find((o) => o.place.message !== undefined)?.value ?? finding.normalized)
    : finding.normalized;
  const value = isSignal
    ? `« ${shorten(raw, 90)} »`
    : finding.kind === 'amount'
      ? formatNormalizedAmount(session, finding.normalized)
      : raw;
  const unverified = finding.validity === 'unverified' && !isSignal && finding.kind !== 'amount';
  return text('findings.line', {
    kind: text(`findings.kind.${finding.kind}`),
    value: unverified ? `${value} ${text('findings.unverified')}` : value,
    where,
  });
}

/** What the answer line shows of a kept finding: the value, or the kind of a message. */
function shortName(session: WizardSession, finding: Finding): string {
  if (['demand', 'threat', 'deadline'].includes(finding.kind))
    return session.text(`findings.kind.${finding.kind}`);
  return finding.kind === 'amount'
    ? formatNormalizedAmount(session, finding.normalized)
    : finding.normalized;
}

/** `200 EUR` → `200 €` in the wizard's language. */
function formatNormalizedAmount(session: WizardSession, normalized: string): string {
  const [amount, currency] = normalized.split(' ');
  const value = Number(amount);
  return Number.isFinite(value)
    ? formatAmount(value, currency ?? 'EUR', session.text.language)
    : normalized;
}

function shorten(value: string, length: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
