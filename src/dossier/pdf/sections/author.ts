import { formatExhibitId } from '../../../model/exhibit.js';
import type { AuthorIdentifier } from '../../../model/facts.js';
import type { DossierSection, RenderContext } from '../context.js';
import { STYLES } from '../writer.js';
import { declared, declaredNote, exhibitList } from './summary.js';

export const authorSection: DossierSection = {
  id: 'author',
  async render(ctx) {
    const { model, texts, w } = ctx;
    const { t } = texts;
    await w.section(t('author.title'), true);
    const platforms = model.authorIdentifiers.map((a) => a.platform ?? platformOfExports(ctx, a));
    const isPlatformRead = model.authorIdentifiers.some(
      (a, index) => !a.platform && platforms[index],
    );
    const intro = [t(introKey(model.authorIdentifiers))];
    if (isPlatformRead) intro.push(t('author.introPlatformFromExport'));
    await w.paragraph(intro.join(' '), STYLES.small, { gapAfter: 8 });
    if (model.authorIdentifiers.length === 0) {
      await w.paragraph(t('author.none'));
      return;
    }
    const rows = model.authorIdentifiers.map((a, index) => {
      const main = a.handle ?? a.pseudonym ?? a.accountId ?? a.phone ?? a.email ?? a.profileUrl;
      const details = [
        a.pseudonym && t('common.labelValue', { label: t('author.pseudonym'), value: a.pseudonym }),
        a.handle && t('common.labelValue', { label: t('author.handle'), value: a.handle }),
        a.accountId && t('common.labelValue', { label: t('author.accountId'), value: a.accountId }),
        a.profileUrl &&
          t('common.labelValue', { label: t('author.profileUrl'), value: a.profileUrl }),
        a.phone && t('common.labelValue', { label: t('author.phone'), value: a.phone }),
        a.email && t('common.labelValue', { label: t('author.email'), value: a.email }),
        a.linkedAccounts?.length &&
          t('common.labelValue', {
            label: t('author.linkedAccounts'),
            value: a.linkedAccounts.join(', '),
          }),
        a.firstSeen &&
          t('common.labelValue', {
            label: t('author.firstSeen'),
            value: declared(ctx, a.firstSeen) ?? '',
          }),
        a.lastSeen &&
          t('common.labelValue', {
            label: t('author.lastSeen'),
            value: declared(ctx, a.lastSeen) ?? '',
          }),
        a.note,
        t('common.labelValue', { label: t('author.source'), value: sourceOf(ctx, a) }),
      ].filter(Boolean);
      return [
        ctx.orMissing(platforms[index]),
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

/** The intro that says what is true of these identifiers: typed by the family, read, or both. */
function introKey(identifiers: readonly AuthorIdentifier[]): string {
  const isRead = (a: AuthorIdentifier) => (a.seenIn?.length ?? 0) > 0;
  if (identifiers.every((a) => a.source !== 'evidence' && !isRead(a))) return 'author.intro';
  if (identifiers.every((a) => a.source === 'evidence')) return 'author.introEvidence';
  return 'author.introMixed';
}

/**
 * The app of the chat exports an identifier was read in (WhatsApp, Instagram…), when the family
 * did not type a platform: undefined when it was read only on images or in no export of a known app.
 */
function platformOfExports(ctx: RenderContext, identifier: AuthorIdentifier): string | undefined {
  const apps = (identifier.seenIn ?? []).flatMap((place) => {
    const exhibit = ctx.model.exhibits.find((e) => formatExhibitId(e.number) === place.exhibit);
    return exhibit?.kind === 'conversation' && exhibit.app ? [exhibit.app] : [];
  });
  return apps.length > 0 ? [...new Set(apps)].join(', ') : undefined;
}

/** Where a fact comes from: typed by the family, or read in the exhibits (message or image). */
function sourceOf(ctx: RenderContext, identifier: AuthorIdentifier): string {
  const { t } = ctx.texts;
  const places = (identifier.seenIn ?? []).map((place) =>
    place.message !== undefined
      ? // Facts and the transcript of this PDF both number messages from 1.
        t('author.seenInMessage', { exhibit: place.exhibit, message: place.message })
      : place.isImage
        ? t('author.seenInImage', { exhibit: place.exhibit })
        : t('author.seenInExhibit', { exhibit: place.exhibit }),
  );
  const shown = [...new Set(places)];
  const listed =
    shown.length > 6
      ? [...shown.slice(0, 6), t('author.seenInMore', { count: shown.length - 6 })]
      : shown;
  return [
    ...(identifier.source === 'evidence' ? [] : [t('author.sourceDeclared')]),
    ...listed,
  ].join(' ; ');
}
