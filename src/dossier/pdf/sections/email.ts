import type { ChatMessage, ConversationHeader } from '../../../model/conversation.js';
import type { Exhibit } from '../../../model/exhibit.js';
import { messageDisplayTime } from '../../assemble.js';
import type { RenderContext } from '../context.js';
import { formatBytes } from '../format.js';
import { COLORS, STYLES } from '../writer.js';

/**
 * An e-mail exhibit as the officer reads it: sender, recipients, date, subject, the receiving
 * server's SPF/DKIM/DMARC verdicts in one line, the body, the attachments with their hashes.
 */
export async function renderEmail(ctx: RenderContext, exhibit: Exhibit): Promise<void> {
  const { texts, w } = ctx;
  const { t } = texts;
  const header = await ctx.readers.readHeader(exhibit);
  const messages: ChatMessage[] = [];
  for await (const message of ctx.readers.readMessages(exhibit)) messages.push(message);
  const m = header.metadata ?? {};
  const message = messages[0];
  await w.heading(t('email.title'), 'h3');
  const rows: [string, string][] = [
    [t('email.from'), ctx.orMissing(m.from)],
    [t('email.to'), ctx.orMissing(m.to)],
  ];
  if (m.cc) rows.push([t('email.cc'), m.cc]);
  if (m.replyTo) rows.push([t('email.replyTo'), m.replyTo]);
  rows.push([
    t('email.date'),
    message?.time.instant
      ? `${ctx.time(messageDisplayTime(message.time))}${m.date ? ` — « ${m.date} »` : ''}`
      : ctx.orMissing(m.date),
  ]);
  rows.push([t('email.subject'), ctx.orMissing(m.subject)]);
  rows.push([t('email.authentication'), authenticationLine(ctx, m)]);
  await w.keyValues(rows, 0.24);
  await w.heading(t('email.body'), 'h3');
  const body = message?.text.trim() ?? '';
  await w.box(t('email.bodyTitle', { subject: m.subject ?? '' }), [body || t('email.noBody')], {
    border: COLORS.rule,
    fill: COLORS.band,
  });
  const attachments = message?.attachments ?? [];
  await w.heading(t('email.attachments'), 'h3');
  if (attachments.length === 0) {
    await w.paragraph(t('common.none'), STYLES.small);
    return;
  }
  await w.table(
    [
      { title: t('exhibits.originalName'), share: 0.3 },
      { title: t('exhibits.type'), share: 0.17 },
      { title: t('exhibits.size'), share: 0.13 },
      { title: t('exhibits.sha256'), share: 0.4, style: { ...STYLES.mono, size: 6.8 } },
    ],
    attachments.map((a) => [
      a.isExcluded ? `${a.name}\n${t('conversation.excluded')}` : a.name,
      a.mime ?? '',
      a.size === undefined ? '' : formatBytes(a.size, texts),
      a.sha256 ?? '',
    ]),
  );
}

/** "SPF pass, DKIM pass, DMARC fail — …" with what it means, from the receiving server's verdicts. */
function authenticationLine(ctx: RenderContext, m: ConversationHeader['metadata']): string {
  const { t } = ctx.texts;
  const metadata = m ?? {};
  const verdict = (key: string) => /^\s*(\w+)/.exec(metadata[key] ?? '')?.[1]?.toLowerCase();
  const spf = verdict('spf');
  const dkim = verdict('dkim');
  const dmarc = verdict('dmarc');
  if (!spf && !dkim && !dmarc) return t('email.authUnknown');
  const results = t('email.authResults', {
    spf: spf ?? '?',
    dkim: dkim ?? '?',
    dmarc: dmarc ?? '?',
  });
  const all = [spf, dkim, dmarc].filter(Boolean);
  const meaning = all.every((v) => v === 'pass')
    ? t('email.authPass')
    : all.some((v) => v === 'fail' || v === 'softfail')
      ? t('email.authFail')
      : t('email.authPartial');
  return `${results} — ${meaning}`;
}
