import type { Finding, Occurrence } from '../../../model/findings.js';
import type { DossierSection, RenderContext } from '../context.js';
import { STYLES } from '../writer.js';

/** More than this and the annex points to `preuve findings` for the rest. */
const MAX_ROWS = 300;
const MAX_PLACES = 6;

/**
 * Annex: what the tool read in the evidence and the family did not confirm. Printed apart, under a
 * title that says so, and never in the facts (issue 14 point 5). Absent when there is none.
 */
export const unconfirmedSection: DossierSection = {
  id: 'unconfirmed',
  async render(ctx) {
    const findings = (await ctx.readers.readUnconfirmedFindings?.()) ?? [];
    if (findings.length === 0) return;
    const { texts, w } = ctx;
    const { t } = texts;
    await w.section(t('unconfirmed.title'), true);
    await w.paragraph(t('unconfirmed.intro'), STYLES.body, { gapAfter: 6 });
    await w.table(
      [
        { title: t('unconfirmed.kind'), share: 0.16 },
        { title: t('unconfirmed.value'), share: 0.36 },
        { title: t('unconfirmed.check'), share: 0.2 },
        { title: t('unconfirmed.where'), share: 0.28 },
      ],
      findings
        .slice(0, MAX_ROWS)
        .map((finding) => [
          t(`unconfirmed.kinds.${finding.kind}`),
          describeValue(finding),
          [
            t(finding.validity === 'valid' ? 'unconfirmed.valid' : 'unconfirmed.unverified'),
            ...repairsOf(ctx, finding),
          ].join('\n'),
          placesOf(ctx, finding.occurrences),
        ]),
    );
    if (findings.length > MAX_ROWS)
      await w.paragraph(t('unconfirmed.more', { n: findings.length - MAX_ROWS }), STYLES.small);
  },
};

const SIGNAL_KINDS = new Set(['demand', 'threat', 'deadline']);

/** The value as written where it was first read, and an identifier's normalised form when different. */
function describeValue(finding: Finding): string {
  const written = finding.occurrences[0]?.value.trim() ?? finding.normalized;
  const shown = written.length > 200 ? `${written.slice(0, 199)}…` : written;
  return shown === finding.normalized || SIGNAL_KINDS.has(finding.kind)
    ? shown
    : `${shown}\n→ ${finding.normalized}`;
}

/** An OCR confusion put right by the checksum is said, with the substitutions made. */
function repairsOf(ctx: RenderContext, finding: Finding): string[] {
  const changes = new Set(
    finding.occurrences.map((o) => o.repair?.changes).filter((c): c is string => Boolean(c)),
  );
  return [...changes].map((c) => ctx.texts.t('unconfirmed.repaired', { changes: c }));
}

function placesOf(ctx: RenderContext, occurrences: readonly Occurrence[]): string {
  const { t } = ctx.texts;
  const places = [
    ...new Set(
      occurrences.map((o) =>
        o.place.message !== undefined
          ? t('unconfirmed.inMessage', { exhibit: o.place.exhibit, n: o.place.message })
          : o.place.region
            ? t('unconfirmed.onImage', { exhibit: o.place.exhibit })
            : o.place.exhibit,
      ),
    ),
  ];
  const shown = places.slice(0, MAX_PLACES).join(', ');
  return places.length > MAX_PLACES
    ? `${shown} ${t('unconfirmed.morePlaces', { n: places.length - MAX_PLACES })}`
    : shown;
}
