import type { Exhibit } from '../../../model/exhibit.js';
import { formatExhibitId } from '../../../model/exhibit.js';
import type { RenderContext } from '../context.js';

/**
 * The family's description, or one made from the exhibit itself when none was typed
 * ("Conversation WhatsApp « Inconnu_77 », 14 messages, du 12/03/2024 au 14/03/2024").
 */
export function describeExhibit(ctx: RenderContext, exhibit: Exhibit): string {
  if (exhibit.description) return exhibit.description;
  const { t } = ctx.texts;
  const conversation = exhibit.conversation;
  const name = exhibit.files.find((f) => f.role === 'original')?.name ?? exhibit.files[0]?.name;
  if (exhibit.isSensitive) return t('describe.sensitive', { name: name ?? '' });
  if (exhibit.kind === 'email' && conversation) {
    return t('describe.email', { subject: conversation.title });
  }
  if (conversation) {
    const days = exhibit.times
      .filter((time) => time.source === 'export' && time.instant)
      .map((time) => dayOf(time.instant!, conversation.timeZone));
    const first = days[0];
    const last = days.at(-1);
    const vars = {
      app: exhibit.app ?? conversation.format,
      title: conversation.title,
      n: conversation.messageCount,
      from: first ?? '',
      to: last ?? '',
    };
    if (!first) return t('describe.conversationUndated', vars);
    return first === last
      ? t('describe.conversationOneDay', vars)
      : t('describe.conversation', vars);
  }
  return t('describe.file', { kind: t(`kinds.${exhibit.kind}`), name: name ?? '' });
}

function dayOf(instant: string, zone: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: zone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(instant));
}

/** Per exhibit list: each original file's SHA-256 → the lowest exhibit number holding it. */
const firstHolders = new WeakMap<readonly Exhibit[], Map<string, number>>();

/** The earlier exhibit whose main file has the same SHA-256, if any ("même fichier que P5"). */
export function findDuplicateOf(
  exhibits: readonly Exhibit[],
  exhibit: Exhibit,
): string | undefined {
  const main = exhibit.files.find((f) => f.role === 'original') ?? exhibit.files[0];
  if (!main) return undefined;
  // One pass over the list, not one per exhibit: 5,000 exhibits made 25 million comparisons.
  let holders = firstHolders.get(exhibits);
  if (!holders) {
    holders = new Map();
    for (const other of exhibits) {
      for (const file of other.files) {
        if (file.role !== 'original') continue;
        const known = holders.get(file.sha256);
        if (known === undefined || other.number < known) holders.set(file.sha256, other.number);
      }
    }
    firstHolders.set(exhibits, holders);
  }
  const earlier = holders.get(main.sha256);
  return earlier !== undefined && earlier < exhibit.number ? formatExhibitId(earlier) : undefined;
}
