import { hashCustodyLine } from '../../../case/custody.js';
import type { DossierSection } from '../context.js';
import { STYLES } from '../writer.js';

export const custodySection: DossierSection = {
  id: 'custody',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('custody.title'));
    await w.paragraph(t('custody.intro'), STYLES.small, { gapAfter: 8 });
    if (model.custody.length === 0) {
      await w.paragraph(t('custody.none'));
      return;
    }
    const rows = model.custody.map((entry) => [
      String(entry.seq),
      ctx.time({ source: 'clock', instant: entry.at, offset: entry.offset, precision: 'second' }),
      entry.operator,
      { text: entry.action, style: STYLES.label },
      Object.entries(entry.details)
        .map(
          ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
        )
        .join('\n'),
      entry.prev,
    ]);
    await w.table(
      [
        { title: t('custody.seq'), share: 0.05 },
        { title: t('custody.at'), share: 0.17 },
        { title: t('custody.operator'), share: 0.12 },
        { title: t('custody.action'), share: 0.13 },
        { title: t('custody.details'), share: 0.33 },
        { title: t('custody.prev'), share: 0.2, style: { ...STYLES.mono, size: 6 } },
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
