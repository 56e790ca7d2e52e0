import type { Inference } from '../../../model/conversation.js';
import { EvidenceError, UsageError } from '../../../model/errors.js';
import type { Message } from '../../../model/messages.js';
import { AmbiguousDateOrderError, type DateOrder } from '../../date-order-error.js';
import { inferred } from '../../inferred.js';
import type { HeaderSample, StyleStats } from './scan.js';
import { DAY_FIRST_LANGUAGES, type Language } from './vocabulary.js';

export interface DateOrderDecision {
  readonly order: DateOrder;
  /** Absent for year-first dates, which are not ambiguous. */
  readonly inference?: Inference;
}

const at = (sample: HeaderSample) => ({ date: sample.dateText, line: sample.lineNumber });

/**
 * Decides the day/month order of one header style, from the strongest evidence down: a field over
 * 12; the order the user forced; a month rolling over in the file; the export's language. Refuses
 * to guess beyond that (AmbiguousDateOrderError).
 */
export function decideDateOrder(
  stats: StyleStats,
  languages: ReadonlyMap<Language, number>,
  chatFile: string,
  forced?: DateOrder,
): DateOrderDecision {
  if (stats.style.split(' ')[1] === 'Y---') return { order: 'ymd' };
  const decided = (order: DateOrder, reason: Message): DateOrderDecision => ({
    order,
    inference: inferred(
      'date-order',
      { code: 'whatsapp.dateOrder.decision', params: { order: { code: `order.${order}` } } },
      reason,
    ),
  });

  const dayFirst = stats.firstFieldOver12;
  const monthFirst = stats.secondFieldOver12;
  if (dayFirst && monthFirst) {
    throw new EvidenceError({
      code: 'error.chats.formats.whatsappDateOrder.datesAllRead',
      params: { chatFile, describeAt: describeAt(dayFirst), describeAt2: describeAt(monthFirst) },
    });
  }
  const definite = dayFirst ? 'dmy' : monthFirst ? 'mdy' : undefined;
  if (definite) {
    const witness = (dayFirst ?? monthFirst)!;
    return decided(
      definite,
      forced && forced !== definite
        ? { code: 'whatsapp.dateOrder.dayOver12Overriding', params: { ...at(witness), forced } }
        : { code: 'whatsapp.dateOrder.dayOver12', params: at(witness) },
    );
  }
  if (forced === 'ymd') {
    throw new UsageError({
      code: 'error.chats.formats.whatsappDateOrder.dateOrderYmd',
      params: { chatFile, stats: [...stats.sampleDates].join(', ') },
    });
  }
  if (forced)
    return decided(forced, {
      code: 'whatsapp.dateOrder.given',
      params: { order: { code: `order.${forced}` } },
    });

  const dayRollover = stats.firstFieldRollover;
  const monthRollover = stats.secondFieldRollover;
  if (dayRollover && !monthRollover) {
    return decided('dmy', { code: 'whatsapp.dateOrder.dayRollover', params: at(dayRollover) });
  }
  if (monthRollover && !dayRollover) {
    return decided('mdy', {
      code: 'whatsapp.dateOrder.monthRollover',
      params: at(monthRollover),
    });
  }

  const language = [...languages.entries()]
    .filter(([name]) => DAY_FIRST_LANGUAGES.has(name))
    .sort((a, b) => b[1] - a[1])[0];
  if (language) {
    return decided('dmy', {
      code: 'whatsapp.dateOrder.language',
      params: { language: { code: `language.${language[0]}` } },
    });
  }
  const [, , separator, comma, clock] = stats.style.split(' ');
  if (separator === '.') {
    return decided('dmy', { code: 'whatsapp.dateOrder.dots' });
  }
  if (separator === '/' && comma === '' && clock === '24h') {
    return decided('dmy', { code: 'whatsapp.dateOrder.noComma' });
  }
  throw new AmbiguousDateOrderError(chatFile, [...stats.sampleDates]);
}

function describeAt(sample: HeaderSample): string {
  return `${sample.dateText} on line ${sample.lineNumber}`;
}
