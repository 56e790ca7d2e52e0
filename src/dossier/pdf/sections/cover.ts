import { groupFingerprint } from '../../../model/fingerprint.js';
import { describeStampAuthority } from '../../../model/timestamp.js';
import type { DossierSection } from '../context.js';
import { type Cell, COLORS, STYLES } from '../writer.js';
import { describeRecipient } from './summary.js';

export const coverSection: DossierSection = {
  id: 'cover',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('cover.title'));
    await w.paragraph(
      t('cover.subtitle'),
      { ...STYLES.body, size: 11, color: COLORS.muted },
      { gapAfter: 18 },
    );
    const operator = [model.operator.name, model.operator.organisation].filter(Boolean).join(', ');
    const rows: [string, Cell][] = [
      [t('cover.reference'), { text: model.reference, style: { ...STYLES.label, size: 12 } }],
      [t('cover.generatedAt'), ctx.time(model.generatedAt)],
      [t('cover.preparedBy'), ctx.orMissing(operator)],
      [t('cover.recipient'), ctx.orMissing(describeRecipient(ctx))],
      [
        t('cover.counts'),
        t('cover.countsValue', {
          exhibits: model.counts.exhibits,
          conversations: model.counts.conversations,
          messages: model.counts.messages,
          images: model.counts.images,
          sensitive: model.counts.sensitive,
        }),
      ],
      [t('cover.fingerprint'), { text: model.fingerprint, style: { ...STYLES.mono, size: 8.5 } }],
    ];
    for (const stamp of model.timestamps) {
      rows.push([
        t('cover.timestamp'),
        `${describeStampAuthority(stamp, ctx.texts.language)} — ${ctx.time({ source: 'tsa', instant: stamp.time, precision: 'second' })}`,
      ]);
    }
    if (model.signer) {
      rows.push([
        t('cover.signedBy'),
        t('cover.signedByValue', {
          owner: [model.signer.name, model.signer.organisation].filter(Boolean).join(', '),
          key: groupFingerprint(model.signer.keyFingerprint),
        }),
      ]);
    }
    if (model.isZipEncrypted) rows.push([t('cover.encryptedZip'), t('cover.encryptedZipHelp')]);
    await w.keyValues(rows, 0.28);
    await w.paragraph(t('cover.fingerprintHelp'), STYLES.small, { gapAfter: 24 });
    await w.box(t('cover.noticeTitle'), [t('cover.notice')], {
      border: COLORS.danger,
      fill: COLORS.dangerBand,
    });
  },
};
