import type { DossierSection } from '../context.js';
import { STYLES } from '../writer.js';
import { declared, declaredNote, exhibitList } from './summary.js';

export const authorSection: DossierSection = {
  id: 'author',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('author.title'));
    await w.paragraph(t('author.intro'), STYLES.small, { gapAfter: 8 });
    if (model.authorIdentifiers.length === 0) {
      await w.paragraph(t('author.none'));
      return;
    }
    const rows = model.authorIdentifiers.map((a) => {
      const main = a.handle ?? a.pseudonym ?? a.accountId ?? a.phone ?? a.email ?? a.profileUrl;
      const details = [
        a.pseudonym && `${t('author.pseudonym')} : ${a.pseudonym}`,
        a.handle && `${t('author.handle')} : ${a.handle}`,
        a.accountId && `${t('author.accountId')} : ${a.accountId}`,
        a.profileUrl && `${t('author.profileUrl')} : ${a.profileUrl}`,
        a.phone && `${t('author.phone')} : ${a.phone}`,
        a.email && `${t('author.email')} : ${a.email}`,
        a.linkedAccounts?.length &&
          `${t('author.linkedAccounts')} : ${a.linkedAccounts.join(', ')}`,
        a.firstSeen && `${t('author.firstSeen')} : ${declared(ctx, a.firstSeen)}`,
        a.lastSeen && `${t('author.lastSeen')} : ${declared(ctx, a.lastSeen)}`,
        a.note,
      ].filter(Boolean);
      return [
        ctx.orMissing(a.platform),
        { text: ctx.orMissing(main), style: STYLES.label },
        details.join('\n'),
        ctx.orMissing(exhibitList(a.exhibits)),
      ];
    });
    await w.table(
      [
        { title: t('author.platform'), share: 0.16 },
        { title: t('author.identifier'), share: 0.24 },
        { title: t('author.details'), share: 0.48 },
        { title: t('author.exhibits'), share: 0.12 },
      ],
      rows,
    );
    await declaredNote(ctx);
  },
};
