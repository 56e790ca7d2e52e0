import { needsTakedownAdvice } from '../../../model/takedown.js';
import type { DossierSection } from '../context.js';
import { COLORS, STYLES } from '../writer.js';

export const offencesSection: DossierSection = {
  id: 'offences',
  async render(ctx) {
    const { texts, w } = ctx;
    const { offences, whereToTurn } = texts;
    await w.section(texts.t('offences.title'), true);
    await w.heading(offences.title, 'h2');
    await w.paragraph(offences.intro, { ...STYLES.body, font: 'italic' }, { gapAfter: 8 });
    for (const offence of offences.items) {
      await w.heading(`${offence.article} — ${offence.name}`, 'h3');
      await w.paragraph(offence.text);
    }
    await w.heading(whereToTurn.title, 'h2');
    await w.table(
      [
        { title: whereToTurn.columns.channel, share: 0.28, style: STYLES.label },
        { title: whereToTurn.columns.for, share: 0.3 },
        { title: whereToTurn.columns.conditions, share: 0.42 },
      ],
      whereToTurn.items.map((item) => [item.channel, item.for, item.conditions ?? '']),
    );
    const takedown = whereToTurn.takedown;
    if (takedown && needsTakedownAdvice(ctx.model)) {
      await w.heading(takedown.title, 'h2');
      await w.paragraph(takedown.intro, STYLES.body, { gapAfter: 4 });
      await w.table(
        [
          { title: whereToTurn.columns.channel, share: 0.28, style: STYLES.label },
          { title: whereToTurn.columns.for, share: 0.3 },
          { title: whereToTurn.columns.conditions, share: 0.42 },
        ],
        takedown.items.map((item) => [item.channel, item.for, item.conditions]),
      );
      await w.paragraph(takedown.note, { ...STYLES.body, font: 'italic' }, { gapAfter: 8 });
    }
    await w.heading(whereToTurn.advice_title, 'h2');
    await w.bullets(whereToTurn.advice, { ...STYLES.body, color: COLORS.text });
  },
};
