import { EvidenceError, UsageError } from '../../model/errors.js';
import { AmbiguousDateOrderError, type DateOrder } from '../date-order-error.js';
import type { Inference } from '../model.js';
import type { HeaderSample, StyleStats } from './whatsapp-scan.js';
import { DAY_FIRST_LANGUAGES, type Language } from './whatsapp-vocabulary.js';

export interface DateOrderDecision {
  readonly order: DateOrder;
  /** Absent for year-first dates, which are not ambiguous. */
  readonly inference?: Inference;
}

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  pt: 'Portuguese',
  it: 'Italian',
  nl: 'Dutch',
};

const ORDER_WORDS: Readonly<Record<DateOrder, string>> = {
  dmy: 'day/month/year',
  mdy: 'month/day/year',
  ymd: 'year/month/day',
};

const at = (sample: HeaderSample): string => `${sample.dateText} on line ${sample.lineNumber}`;

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
  const decided = (order: DateOrder, reason: string): DateOrderDecision => ({
    order,
    inference: { kind: 'date-order', decision: `dates read as ${ORDER_WORDS[order]}`, reason },
  });

  const dayFirst = stats.firstFieldOver12;
  const monthFirst = stats.secondFieldOver12;
  if (dayFirst && monthFirst) {
    throw new EvidenceError(
      `The dates in '${chatFile}' cannot all be read one way: ${at(dayFirst)} needs day/month, ${at(monthFirst)} ` +
        'needs month/day. The file seems to mix exports from two phones; export each chat again separately.',
    );
  }
  const definite = dayFirst ? 'dmy' : monthFirst ? 'mdy' : undefined;
  if (definite) {
    const witness = (dayFirst ?? monthFirst)!;
    const overridden = forced && forced !== definite ? ` (overriding --date-order ${forced})` : '';
    return decided(definite, `a day greater than 12 appears: ${at(witness)}${overridden}`);
  }
  if (forced === 'ymd') {
    throw new UsageError(
      `--date-order ymd does not fit '${chatFile}': its dates (${[...stats.sampleDates].join(', ')}) end with the year. ` +
        'Pass --date-order dmy or mdy.',
    );
  }
  if (forced) return decided(forced, `--date-order ${forced} was given`);

  const dayRollover = stats.firstFieldRollover;
  const monthRollover = stats.secondFieldRollover;
  if (dayRollover && !monthRollover) {
    return decided(
      'dmy',
      `the first number falls back as the second goes up, as days do when a month ends (${at(dayRollover)})`,
    );
  }
  if (monthRollover && !dayRollover) {
    return decided(
      'mdy',
      `the second number falls back as the first goes up, as days do when a month ends (${at(monthRollover)})`,
    );
  }

  const language = [...languages.entries()]
    .filter(([name]) => DAY_FIRST_LANGUAGES.has(name))
    .sort((a, b) => b[1] - a[1])[0];
  if (language) {
    return decided(
      'dmy',
      `the export is written in ${LANGUAGE_NAMES[language[0]]}, where dates are always day first`,
    );
  }
  const [, , separator, comma, clock] = stats.style.split(' ');
  if (separator === '.') {
    return decided('dmy', 'dates are written with dots (12.03.24), a day-first convention');
  }
  if (separator === '/' && comma === '' && clock === '24h') {
    return decided(
      'dmy',
      'no comma between date and time (12/03/2024 14:23), as French phones write it',
    );
  }
  throw new AmbiguousDateOrderError(chatFile, [...stats.sampleDates]);
}
