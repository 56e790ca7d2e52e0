import type { CaseSession } from '../../../model/case-session.js';
import type { Payment } from '../../../model/facts.js';
import { PAYMENT_METHODS } from '../../../model/payment.js';
import { parseAmount, parsePcsCode } from '../parse-answers.js';
import { askChoice, askText, askYesNo, dateParser, type WizardSession } from '../session.js';
import { formatAmount } from '../text.js';

/** Payment means: the one list of the facts schema, cash included ("I don't know" is the skip choice). */
export const METHODS = PAYMENT_METHODS;

/** Amounts demanded, read in the evidence and kept by the family. */
export function demandedFromEvidence(caseSession: CaseSession): Payment[] {
  return (caseSession.current().facts.payments ?? []).filter(
    (payment) =>
      payment.source === 'evidence' &&
      payment.status === 'demanded' &&
      payment.amount !== undefined,
  );
}

type MoneyKind = 'demand' | 'payment';

/**
 * Money: first what was demanded, then what was paid, each with its amount, means and date, one
 * per round. Never one answer for both: "200 € demanded, 50 € paid" are two facts.
 */
export async function askMoney(session: WizardSession, caseSession?: CaseSession): Promise<void> {
  // A demand the family kept from the evidence is not asked again (review shows it).
  const demandsFromEvidence = caseSession ? demandedFromEvidence(caseSession) : [];
  const isReopened = session.book.get('money.evidence') === 'ask';
  if (demandsFromEvidence.length > 0 && !isReopened && !session.book.has('money.demanded')) {
    session.prompter.say(
      session.text('money.from-evidence', {
        list: demandsFromEvidence
          .map((payment) =>
            formatAmount(payment.amount ?? 0, payment.currency ?? 'EUR', session.text.language),
          )
          .join(', '),
      }),
    );
    await session.book.set('money.demanded', 'evidence');
  }
  const demanded = await askChoice(session, 'money.demanded', {
    message: 'money.demanded',
    why: 'money.why',
    codes: ['yes', 'no'],
    prefix: 'money.answer',
  });
  if (demanded === 'yes') await askRounds(session, 'demand');
  if (demanded === 'no') return;
  const paid = await askChoice(session, 'money.paid', {
    message: 'money.paid',
    codes: ['yes', 'no'],
    prefix: 'money.answer',
  });
  if (paid !== 'yes') return;
  const isNew = !session.book.has('payment.0.more');
  await askRounds(session, 'payment');
  if (isNew) sayPaidAdvice(session);
}

async function askRounds(session: WizardSession, kind: MoneyKind): Promise<void> {
  const { book, text } = session;
  for (let index = 0; ; index += 1) {
    const key = `${kind}.${index}`;
    if (!book.has(`${key}.amount`)) {
      const answer = await askText(session, `${key}.amountAnswer`, {
        message: `${kind}.amount`,
        isSkippable: true,
        parse: (raw) => {
          const parsed = parseAmount(raw);
          return parsed.ok ? { ok: true, value: raw } : parsed;
        },
      });
      const parsed = answer ? parseAmount(answer) : undefined;
      if (parsed?.ok) await book.set(`${key}.currency`, parsed.value.currency);
      await book.set(`${key}.amount`, parsed?.ok ? parsed.value.amount : null);
    }
    const method = await askChoice(session, `${key}.method`, {
      message: `${kind}.method`,
      codes: METHODS,
      prefix: 'method',
      skipKey: 'method.skip',
    });
    // A coupon code or a card exists once paid; an IBAN or a wallet is worth having when only asked for.
    const hasDetail =
      method !== null &&
      method !== 'other' &&
      method !== 'cash' &&
      (kind === 'payment' || method === 'transfer' || method === 'crypto');
    if (hasDetail) {
      await askText<string | null>(session, `${key}.detail`, {
        message: `demand.detail.${method}`,
        why: kind === 'payment' ? `demand.detail-why.${method}` : undefined,
        isSkippable: true,
        ...(method === 'pcs' ? { parse: parsePcsCode } : {}),
      });
    }
    await askText(session, `${key}.date`, {
      message: `${kind}.date`,
      isSkippable: true,
      parse: dateParser(session),
    });
    const isMore = await askYesNo(session, `${key}.more`, text(`${kind}.more`), false);
    if (!isMore) return;
  }
}

/** Don't pay more, keep the receipts, and whom to tell for each means used. */
function sayPaidAdvice(session: WizardSession): void {
  const { book, prompter, text } = session;
  const methods = new Set<string>();
  for (let index = 0; book.has(`payment.${index}.amount`); index += 1) {
    const method = book.get(`payment.${index}.method`);
    if (typeof method === 'string') methods.add(method);
  }
  prompter.say('');
  prompter.say(text('money.paid-advice'));
  for (const method of methods) prompter.say(`  • ${text(`money.paid-advice.${method}`)}`);
  prompter.say('');
}
