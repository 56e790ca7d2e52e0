import { DateTime } from 'luxon';
import { formatExhibitId } from '../../../model/exhibit.js';
import { formatMoney } from '../../../model/money.js';
import { declaredTime } from '../../assemble.js';
import type { DossierSection, RenderContext } from '../context.js';
import { STYLES } from '../writer.js';

/** "commissariat de police — Commissariat de Exempleville — 1 rue … — réf. …", or ''. */
export function describeRecipient(ctx: RenderContext): string {
  const recipient = ctx.model.facts.recipient;
  if (!recipient) return '';
  const kind = recipient.kind ? ctx.texts.t(`recipientKinds.${recipient.kind}`) : undefined;
  return [kind, recipient.name, recipient.address, recipient.reference].filter(Boolean).join(' — ');
}

/**
 * A declared date as printed in the facts tables, or undefined: local dates and times are printed
 * bare (the table's note gives their zone); an instant with an offset keeps its zone.
 */
export function declared(ctx: RenderContext, date: string | undefined): string | undefined {
  if (!date) return undefined;
  if (date.includes('T') && /(Z|[+-]\d{2}:\d{2})$/.test(date)) {
    return ctx.time(declaredTime(date, ctx.model.timeZone));
  }
  const local = DateTime.fromISO(date, { zone: 'UTC' });
  if (!local.isValid) return date;
  const pattern = ctx.texts.t('time.dayFormat') + (date.length > 10 ? ' HH:mm' : '');
  return local.toFormat(pattern);
}

/** The note under a table of declared dates. */
export async function declaredNote(ctx: RenderContext): Promise<void> {
  await ctx.w.paragraph(
    ctx.texts.t('summary.declaredNote', { zone: ctx.model.timeZone }),
    STYLES.small,
  );
}

export function exhibitList(refs: readonly string[] | undefined): string {
  return (refs ?? []).join(', ');
}

function lines(...values: (string | undefined | false)[]): string {
  return values.filter((v): v is string => Boolean(v)).join('\n');
}

/** Whether the images were spread, where, when and which exhibits show it; '' when not said. */
function describeDiffusion(ctx: RenderContext): string {
  const diffusion = ctx.model.facts.diffusion;
  if (!diffusion) return '';
  const { t } = ctx.texts;
  const head =
    diffusion.happened === true
      ? t('summary.diffusionYes')
      : diffusion.happened === false
        ? t('summary.diffusionNo')
        : undefined;
  return [
    head,
    diffusion.where && t('summary.publishedWhere', { where: diffusion.where }),
    declared(ctx, diffusion.date),
    exhibitList(diffusion.exhibits) || undefined,
    diffusion.note,
  ]
    .filter(Boolean)
    .join(' — ');
}

export const summarySection: DossierSection = {
  id: 'summary',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    const facts = model.facts;
    await w.section(t('summary.title'));
    await w.heading(t('summary.narrative'), 'h2');
    const paragraphs = (facts.narrative ?? '')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (paragraphs.length === 0) await w.paragraph(t('common.notProvided'), STYLES.small);
    for (const paragraph of paragraphs) await w.paragraph(paragraph, STYLES.body, { gapAfter: 6 });

    await w.heading(t('summary.table'), 'h2');
    const victim = facts.victim;
    const complainant = facts.complainant;
    const operator = facts.operator;
    const isMinor = victim?.isMinor;
    const demands = model.payments.filter((p) => p.status !== 'paid');
    const paid = model.payments.filter((p) => p.status === 'paid');
    const paymentLine = (p: (typeof model.payments)[number]) =>
      [
        declared(ctx, p.date),
        p.amount !== undefined ? formatMoney(p.amount, p.currency, model.language) : undefined,
        p.method ? t(`payments.methods.${p.method}`) : undefined,
        exhibitList(p.exhibits) || undefined,
      ]
        .filter(Boolean)
        .join(' — ');
    const rows: [string, string][] = [
      [
        t('summary.victim'),
        lines(
          [victim?.firstName, victim?.initials && `(${victim.initials})`].filter(Boolean).join(' '),
          victim?.dateOfBirth &&
            t('summary.victimBorn', { date: declared(ctx, victim.dateOfBirth)! }),
          victim?.ageAtTheTime !== undefined &&
            t('summary.victimAge', { age: victim.ageAtTheTime }),
          isMinor === true && t('summary.victimMinor'),
          isMinor === false && t('summary.victimAdult'),
          victim?.commune && t('summary.victimCommune', { commune: victim.commune }),
          // The officer needs the commune of a minor's home for the complaint: flag it when missing.
          isMinor === true &&
            !victim?.commune &&
            t('summary.toComplete', { what: t('summary.communeMissing') }),
        ),
      ],
      [
        t('summary.complainant'),
        // A minor's complaint needs an adult to represent the child (partie civile): flag it.
        isMinor === true && !complainant?.name
          ? t('summary.toComplete', { what: t('summary.legalRepresentativeMissing') })
          : lines(
              complainant?.name,
              complainant?.linkToVictim &&
                t('summary.linkToVictim', { link: complainant.linkToVictim }),
              complainant?.phone,
              complainant?.email,
              complainant?.address,
              complainant?.identityDocument &&
                t('summary.identityDocument', { doc: complainant.identityDocument }),
            ),
      ],
      [
        t('summary.operator'),
        lines(
          [operator?.name ?? model.operator.name, operator?.role].filter(Boolean).join(', '),
          operator?.organisation ?? model.operator.organisation,
          operator?.phone,
          operator?.email,
        ),
      ],
      [t('summary.recipient'), describeRecipient(ctx)],
      [
        t('summary.platforms'),
        lines(
          ...(facts.platforms ?? []).map((p) =>
            [
              p.name,
              p.victimAccount && t('summary.victimAccount', { account: p.victimAccount }),
              p.note,
            ]
              .filter(Boolean)
              .join(' — '),
          ),
        ),
      ],
      [t('summary.firstContact'), declared(ctx, facts.firstContactDate) ?? ''],
      [
        t('summary.threats'),
        // No threat typed but key messages marked: point to them rather than print "non renseigné".
        (facts.threats ?? []).length === 0 && model.highlightedMessages.length > 0
          ? t('summary.threatsFromHighlights', {
              list: model.highlightedMessages
                .map((h) =>
                  t('summary.keyMessage', {
                    exhibit: formatExhibitId(h.exhibitNumber),
                    seq: h.seq + 1,
                  }),
                )
                .join(', '),
            })
          : lines(
              ...(facts.threats ?? []).map((threat) =>
                [
                  declared(ctx, threat.date),
                  threat.description,
                  threat.publishedWhere &&
                    t('summary.publishedWhere', { where: threat.publishedWhere }),
                  exhibitList(threat.exhibits) || undefined,
                ]
                  .filter(Boolean)
                  .join(' — '),
              ),
            ),
      ],
      [
        t('summary.sentImages'),
        victim?.sentImages === undefined
          ? ''
          : t(victim.sentImages ? 'summary.sentImagesYes' : 'summary.sentImagesNo'),
      ],
      [t('summary.diffusion'), describeDiffusion(ctx)],
      [t('summary.demands'), lines(...demands.map(paymentLine))],
      [t('summary.payments'), lines(...paid.map(paymentLine))],
      [
        t('summary.steps'),
        lines(
          ...(facts.stepsTaken ?? []).map((step) =>
            [
              step.kind ? t(`stepKinds.${step.kind}`) : undefined,
              declared(ctx, step.date),
              step.reference,
              step.note,
            ]
              .filter(Boolean)
              .join(' — '),
          ),
        ),
      ],
      [
        t('summary.keyMessages'),
        lines(
          ...model.highlightedMessages.map((h) =>
            [
              t('summary.keyMessage', {
                exhibit: formatExhibitId(h.exhibitNumber),
                seq: h.seq + 1,
              }),
              h.note,
              h.text &&
                t('common.quote', {
                  text: h.text.length > 160 ? `${h.text.slice(0, 159)}…` : h.text,
                }),
            ]
              .filter(Boolean)
              .join(' — '),
          ),
        ),
      ],
    ];
    await w.keyValues(
      rows.map(([label, value]) => [label, ctx.orMissing(value)] as const),
      0.28,
    );
    await declaredNote(ctx);
  },
};
