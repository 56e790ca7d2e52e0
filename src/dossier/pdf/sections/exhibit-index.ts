import { formatExhibitId } from '../../../model/exhibit.js';
import type { DossierSection } from '../context.js';
import { formatSource } from '../format.js';
import { STYLES } from '../writer.js';
import { describeExhibit, findDuplicateOf } from './describe.js';

export const exhibitIndexSection: DossierSection = {
  id: 'exhibit-index',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('index.title'));
    const rows = model.exhibits.map((exhibit) => {
      const firstTime = exhibit.times[0] ?? exhibit.addedAt;
      const main = exhibit.files.find((f) => f.role === 'original') ?? exhibit.files[0];
      const notes = [
        exhibit.files.length > 1 ? t('index.moreFiles', { n: exhibit.files.length - 1 }) : '',
        // A container kept out of the ZIP: its hash is that of the file as received, said in words.
        main?.isExcluded && !exhibit.isSensitive ? t('index.hashedOnly') : '',
      ].filter(Boolean);
      const hash = main ? [main.sha256, ...notes].join('\n') : t('exhibits.descriptionOnly');
      const duplicateOf = findDuplicateOf(model.exhibits, exhibit);
      return [
        { text: formatExhibitId(exhibit.number), style: STYLES.label },
        [
          describeExhibit(ctx, exhibit),
          duplicateOf ? t('index.sameFileAs', { id: duplicateOf }) : '',
        ]
          .filter(Boolean)
          .join('\n'),
        t(`kinds.${exhibit.isSensitive ? 'sensitive' : exhibit.kind}`),
        `${ctx.time(firstTime)}\n${formatSource(firstTime, texts)}`,
        { text: hash, style: { ...STYLES.mono, size: 6.5 } },
        // Filled in once the exhibit's page is known (the exhibits come after this table).
        { text: '', style: STYLES.value, pageOf: formatExhibitId(exhibit.number) },
      ];
    });
    await w.table(
      [
        { title: t('index.number'), share: 0.06 },
        { title: t('index.description'), share: 0.28 },
        { title: t('index.kind'), share: 0.13 },
        { title: t('index.date'), share: 0.18 },
        { title: t('index.sha256'), share: 0.28 },
        { title: t('index.page'), share: 0.07 },
      ],
      rows,
    );
  },
};
