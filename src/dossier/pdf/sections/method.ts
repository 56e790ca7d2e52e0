import { describeStampAuthority } from '../../../model/timestamp.js';
import type { DossierSection } from '../context.js';
import { STYLES } from '../writer.js';

export const methodSection: DossierSection = {
  id: 'method',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('method.title'), true);
    const stamps = model.timestamps.map((s) =>
      t('method.timestampLine', {
        authority: describeStampAuthority(s, ctx.texts.language),
        time: ctx.time({ source: 'tsa', instant: s.time, precision: 'second' }),
        fingerprint: s.fingerprint,
      }),
    );
    await w.keyValues(
      [
        [t('method.tool'), t('method.toolValue', { version: model.toolVersion })],
        [
          t('method.operator'),
          [model.operator.name, model.operator.organisation].filter(Boolean).join(', '),
        ],
        [t('method.machine'), t('method.machineValue', model.machine)],
        [
          t('method.format'),
          ctx.archival.isPdfA
            ? t('method.formatPdfA')
            : t('method.formatNotPdfA', { exhibits: ctx.archival.nonEmbeddedFonts.join(', ') }),
        ],
        [t('method.timeZone'), model.timeZone],
        [t('method.timeSource'), t('method.timeSourceValue')],
        [
          t('method.timestamps'),
          stamps.length > 0
            ? [...stamps, t('method.timestampsNote')].join('\n')
            : t('method.noTimestamp'),
        ],
      ],
      0.28,
    );
    await w.heading(t('method.hashingTitle'), 'h2');
    await w.bullets(texts.list('method.hashing'));
    await w.heading(t('method.verifyTitle'), 'h2');
    await w.bullets(texts.list('method.verify'));
    w.y += 6;
    await w.box(t('method.provesTitle'), [
      ...texts.list('method.proves').map((line) => `✔ ${line}`),
      ...texts.list('method.doesNotProve').map((line) => `✘ ${line}`),
    ]);
    await w.paragraph(t('method.manifestAttached'), STYLES.small);
    await w.paragraph(t('method.emojiCredit'), STYLES.small);
  },
};
