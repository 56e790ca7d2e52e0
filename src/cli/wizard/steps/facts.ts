import { PAYMENT_METHODS } from '../../../model/payment.js';
import { classifyIdentifier, parseAmount, parseDeclaredDate } from '../parse-answers.js';
import { askChecks, askChoice, askText, askYesNo, type WizardSession } from '../session.js';

export const PLATFORMS = [
  'instagram',
  'snapchat',
  'whatsapp',
  'tiktok',
  'facebook',
  'discord',
  'telegram',
  'sms',
  'email',
  'other',
] as const;

const THREATS = ['publish', 'send-contacts', 'send-school', 'other'] as const;
/** Every payment method of the facts, and "I don't know". */
const METHODS = [...PAYMENT_METHODS, 'unknown'] as const;

export async function askFacts(session: WizardSession): Promise<void> {
  await askText(session, 'facts.firstContact', {
    message: 'facts.firstContact',
    why: 'facts.firstContact-why',
    isSkippable: true,
    parse: (raw) => parseDeclaredDate(raw, session.today()),
  });
  await askChecks(session, 'facts.threats', {
    message: 'facts.threats',
    codes: THREATS,
    prefix: 'threat',
  });
  await askText(session, 'facts.narrative', {
    message: 'facts.narrative',
    why: 'facts.narrative-why',
    isSkippable: true,
  });
}

/** The blackmailer's accounts, numbers, names: one per round, as many as the user knows. */
export async function askAuthors(session: WizardSession): Promise<void> {
  const { book } = session;
  for (let index = 0; ; index += 1) {
    const key = `author.${index}`;
    const platform = await askChoice(session, `${key}.platform`, {
      message: index === 0 ? 'author.platform-first' : 'author.platform-next',
      why: index === 0 ? 'author.why' : undefined,
      codes: [...PLATFORMS, 'none'],
      prefix: 'platform',
    });
    if (platform === 'none') return;
    const value = await askText(session, `${key}.value`, {
      message: 'author.value',
      why: index === 0 ? 'author.value-why' : undefined,
      isSkippable: true,
    });
    if (value && !book.has(`${key}.field`))
      await book.set(`${key}.field`, classifyIdentifier(value));
    const isMore = await askYesNo(session, `${key}.more`, session.text('author.more'), false);
    if (!isMore) return;
  }
}

/** Money demanded or paid: one per round. */
export async function askDemands(session: WizardSession): Promise<void> {
  const { book, text } = session;
  for (let index = 0; ; index += 1) {
    const key = `demand.${index}`;
    const status = await askChoice(session, `${key}.status`, {
      message: index === 0 ? 'demand.status-first' : 'demand.status-next',
      why: index === 0 ? 'demand.why' : undefined,
      codes: index === 0 ? ['none', 'demanded', 'paid'] : ['demanded', 'paid'],
      prefix: 'demand-status',
    });
    if (status === 'none') return;
    if (!book.has(`${key}.amount`)) {
      const answer = await askText(session, `${key}.amountAnswer`, {
        message: 'demand.amount',
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
      message: 'demand.method',
      codes: METHODS,
      prefix: 'method',
    });
    // A coupon code or a card exists once paid; an IBAN or a wallet is worth having when only asked for.
    const hasDetail =
      method !== 'unknown' &&
      method !== 'other' &&
      method !== 'cash' &&
      (status === 'paid' || method === 'transfer' || method === 'crypto');
    if (hasDetail) {
      await askText(session, `${key}.detail`, {
        message: `demand.detail.${method}`,
        why: status === 'paid' ? `demand.detail-why.${method}` : undefined,
        isSkippable: true,
      });
    }
    await askText(session, `${key}.date`, {
      message: status === 'paid' ? 'demand.date-paid' : 'demand.date-demanded',
      isSkippable: true,
      parse: (raw) => parseDeclaredDate(raw, session.today()),
    });
    if (status === 'paid' && method === 'transfer' && !book.has(`${key}.more`))
      session.prompter.say(`  ${text('demand.bank-advice')}`);
    const isMore = await askYesNo(session, `${key}.more`, text('demand.more'), false);
    if (!isMore) return;
  }
}

export async function askStepsAndRecipient(session: WizardSession): Promise<void> {
  await askChecks(session, 'steps.taken', {
    message: 'steps.taken',
    codes: ['blocked', 'reported-to-platform', '3018', 'pharos', 'thesee', 'bank', 'police'],
    prefix: 'step',
  });
  await askChoice(session, 'recipient.kind', {
    message: 'recipient.kind',
    why: 'recipient.why',
    codes: ['commissariat', 'gendarmerie', 'procureur', 'unknown'],
    prefix: 'recipient',
  });
}
