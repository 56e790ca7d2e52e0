import { formatExhibitId } from '../../../model/exhibit.js';
import { formatMoney } from '../../../model/money.js';
import type { DossierSection } from '../context.js';
import { formatSource } from '../format.js';
import { COLORS, STYLES } from '../writer.js';

export const chronologySection: DossierSection = {
  id: 'chronology',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('chronology.title'), true);
    await w.paragraph(t('chronology.intro'), STYLES.small, { gapAfter: 8 });
    if (model.chronology.length === 0) {
      await w.paragraph(t('chronology.none'));
      return;
    }
    const rows = model.chronology.map((entry) => {
      const kind = t(`chronology.kinds.${entry.kind}`, {
        seq: entry.seq === undefined ? '' : entry.seq + 1,
      });
      const quote = entry.quote ? t('common.quote', { text: entry.quote }) : undefined;
      const payment = entry.payment && [
        entry.payment.amount !== undefined
          ? formatMoney(entry.payment.amount, entry.payment.currency, model.language)
          : undefined,
        entry.payment.method && t(`payments.methods.${entry.payment.method}`),
      ];
      const step = entry.step && [
        entry.step.kind && t(`stepKinds.${entry.step.kind}`),
        entry.step.reference,
      ];
      return [
        ctx.time(entry.time),
        {
          text: [kind, ...(payment ?? []), ...(step ?? []), entry.text, quote]
            .filter(Boolean)
            .join(' — '),
          style: entry.kind === 'highlight' ? STYLES.label : STYLES.value,
        },
        { text: formatSource(entry.time, texts), style: { ...STYLES.value, color: COLORS.muted } },
        entry.exhibitNumber !== undefined ? formatExhibitId(entry.exhibitNumber) : '',
      ];
    });
    await w.table(
      [
        { title: t('chronology.time'), share: 0.3 },
        { title: t('chronology.event'), share: 0.42 },
        { title: t('chronology.source'), share: 0.18 },
        { title: t('chronology.exhibit'), share: 0.1 },
      ],
      rows,
      {
        rowFill: (i) => (model.chronology[i]?.kind === 'highlight' ? COLORS.highlight : undefined),
      },
    );
  },
};
