import { formatMoney } from '../../../model/money.js';
import type { DossierSection, RenderContext } from '../context.js';
import { COLORS, STYLES } from '../writer.js';
import { declared, declaredNote, exhibitList } from './summary.js';

const DETAIL_FIELDS = [
  'couponCode',
  'giftCardBrand',
  'iban',
  'bank',
  'wallet',
  'transactionId',
] as const;

export const paymentsSection: DossierSection = {
  id: 'payments',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('payments.title'), true);
    await w.paragraph(t('payments.intro'), STYLES.small, { gapAfter: 8 });
    if (model.payments.length === 0) {
      await w.paragraph(t('payments.none'));
      return;
    }
    const rows = model.payments.map((p) => [
      ctx.orMissing(declared(ctx, p.date)),
      ctx.orMissing(
        p.amount !== undefined ? formatMoney(p.amount, p.currency, model.language) : undefined,
      ),
      ctx.orMissing(p.method ? t(`payments.methods.${p.method}`) : undefined),
      {
        text: ctx.orMissing(p.status ? t(`payments.statuses.${p.status}`) : undefined),
        style: p.status === 'paid' ? { ...STYLES.label, color: COLORS.danger } : STYLES.value,
      },
      [...DETAIL_FIELDS.filter((f) => p[f]).map((f) => t(`payments.${f}`, { v: p[f]! })), p.note]
        .filter(Boolean)
        .join('\n'),
      exhibitList(p.exhibits),
    ]);
    await w.table(
      [
        { title: t('payments.date'), share: 0.2 },
        { title: t('payments.amount'), share: 0.11 },
        { title: t('payments.method'), share: 0.14 },
        { title: t('payments.status'), share: 0.13 },
        { title: t('payments.details'), share: 0.32 },
        { title: t('payments.exhibits'), share: 0.1 },
      ],
      rows,
    );
    await declaredNote(ctx);
    await renderPaymentAdvice(ctx, model.payments);
  },
};

const ADVICE_BY_METHOD: Readonly<Record<string, string>> = {
  pcs: 'coupon',
  transcash: 'coupon',
  neosurf: 'coupon',
  'gift-card': 'coupon',
  transfer: 'transfer',
  crypto: 'crypto',
};

/** Whom to tell fast depends on the means: a coupon's issuer, the bank, the exchange. */
async function renderPaymentAdvice(
  ctx: RenderContext,
  payments: readonly { readonly method?: string }[],
): Promise<void> {
  const { t } = ctx.texts;
  const kinds = new Set(payments.map((p) => ADVICE_BY_METHOD[p.method ?? ''] ?? 'other'));
  const ordered = ['coupon', 'transfer', 'crypto', 'other'].filter((k) => kinds.has(k));
  await ctx.w.heading(t('payments.adviceTitle'), 'h3');
  await ctx.w.bullets(ordered.map((k) => t(`payments.advice.${k}`)));
}
