import { hashCustodyLine } from '../../../model/custody.js';
import type { DossierSection, RenderContext } from '../context.js';
import { STYLES } from '../writer.js';

const KNOWN_ACTIONS = new Set([
  'init',
  'add',
  'build',
  'facts',
  'facts-import',
  'highlight',
  'mark',
  'stamp',
  'stamp-request',
  'withdraw',
]);

/**
 * The custody log as a short table (n°, date, who, action, exhibit). The raw log, with its hash
 * chain, stays in the ZIP: paths on the family's computer carry their user name and never reach
 * the PDF, so only file names are shown here.
 */
export const custodySection: DossierSection = {
  id: 'custody',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('custody.title'), true);
    await w.paragraph(t('custody.intro'), STYLES.small, { gapAfter: 8 });
    if (model.custody.length === 0) {
      await w.paragraph(t('custody.none'));
      return;
    }
    const rows = model.custody.map((entry) => [
      String(entry.seq),
      ctx.time({ source: 'clock', instant: entry.at, offset: entry.offset, precision: 'second' }),
      entry.operator,
      KNOWN_ACTIONS.has(entry.action) ? t(`custody.actions.${entry.action}`) : entry.action,
      summarizeDetails(ctx, entry.details),
    ]);
    // Wide enough for a four-digit number and a whole date with its offset on one line: a case of
    // 5,000 additions gets rows of one line (100 pages) instead of two (200).
    await w.table(
      [
        { title: t('custody.seq'), share: 0.07 },
        { title: t('custody.at'), share: 0.32 },
        { title: t('custody.operator'), share: 0.13 },
        { title: t('custody.action'), share: 0.17, style: STYLES.label },
        { title: t('custody.exhibit'), share: 0.31 },
      ],
      rows,
    );
    // The line text is the JSON of the entry, exactly as data/custody.jsonl holds it.
    const last = model.custody.at(-1)!;
    await w.paragraph(
      t('custody.seal', { seq: last.seq, sha256: hashCustodyLine(JSON.stringify(last)) }),
      STYLES.small,
      { gapAfter: 8 },
    );
  },
};

/** The exhibit and, for an addition, its file names (never their paths) in a few words. */
function summarizeDetails(ctx: RenderContext, details: Readonly<Record<string, unknown>>): string {
  const { t } = ctx.texts;
  const parts: string[] = [];
  if (typeof details.exhibit === 'string') parts.push(details.exhibit);
  const files = Array.isArray(details.files) ? details.files : [];
  const names = files
    .map((file) =>
      file && typeof file === 'object' ? (file as { name?: unknown }).name : undefined,
    )
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.split(/[\\/]/).pop() ?? name);
  if (names.length === 1) parts.push(names[0]!);
  else if (names.length > 1) parts.push(t('custody.files', { n: names.length, first: names[0]! }));
  if (typeof details.message === 'number') parts.push(t('custody.message', { n: details.message }));
  if (typeof details.reason === 'string') parts.push(details.reason);
  return parts.join(' — ');
}
