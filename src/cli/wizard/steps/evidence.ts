import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DateTime } from 'luxon';
import {
  type AddEvent,
  type AddPlan,
  AmbiguousDateOrderError,
  applyAdd,
  type CollectedFile,
  type DateOrder,
  type IntakeItem,
  type MessageTime,
  planAdd,
} from '../../../app/add.js';
import type { CaseSession } from '../../../case/store.js';
import { PreuveError } from '../../../model/errors.js';
import { type Exhibit, formatExhibitId } from '../../../model/exhibit.js';
import { splitDroppedPaths } from '../dropped-paths.js';
import type { Parsed } from '../parse-answers.js';
import { askText, askYesNo, type WizardSession } from '../session.js';

/**
 * Evidence, one batch per round: the user types or drops paths; images and videos get the
 * "nude or sexual image?" question (yes: hashed where they are, never copied); chat exports get
 * the day/month question when ambiguous and the choice of attachments to keep out. Each batch
 * is added as soon as its questions are answered. An empty answer ends the step.
 */
export async function askEvidence(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
): Promise<void> {
  const { book } = session;
  for (let index = 0; ; index += 1) {
    const key = `evidence.${index}`;
    if (book.get(`${key}.added`) === true) continue;
    const isFirst = caseSession.current().exhibits.length === 0;
    if (isFirst && !book.has(`${key}.paths`)) session.prompter.say(session.text('evidence.intro'));
    const paths = await askText<readonly string[]>(session, `${key}.paths`, {
      message: isFirst ? 'evidence.paths' : 'evidence.paths-more',
      isSkippable: true,
      isHintless: !isFirst,
      parse: (raw) => parsePathsAnswer(raw),
    });
    if (!paths) {
      await askPhoneOnly(session, caseSession, operator);
      return;
    }
    try {
      await addBatch(session, caseSession, operator, key, paths);
    } catch (error) {
      // A folder with nothing usable, an unreadable export: say why and ask for paths again.
      if (!(error instanceof PreuveError)) throw error;
      session.endProgress();
      session.prompter.say(session.text('evidence.batch-failed', { message: error.message }));
      await book.forget(`${key}.`);
      index -= 1;
      continue;
    }
    await book.set(`${key}.added`, true);
  }
}

/** Lets the user add evidence again after the step ended (review screen). */
export async function reopenEvidence(session: WizardSession): Promise<void> {
  const { book } = session;
  for (let index = 0; book.has(`evidence.${index}.paths`); index += 1) {
    if (book.get(`evidence.${index}.paths`) === null) {
      await book.forget(`evidence.${index}.`);
      await book.forget('evidence.phoneOnly');
      return;
    }
  }
}

/** Every path must exist. A line with spaces that is one existing path is taken whole. */
export function parsePathsAnswer(raw: string): Parsed<readonly string[]> {
  const exists = (path: string) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  };
  const paths = splitDroppedPaths(raw);
  const missing = paths.find((path) => !exists(path));
  if (!missing) return { ok: true, value: paths.map((path) => resolve(path)) };
  if (exists(raw.trim())) return { ok: true, value: [resolve(raw.trim())] };
  return { ok: false, problem: 'invalid.path', values: { path: missing } };
}

interface ChatPreview {
  readonly path: string;
  readonly label: string;
  readonly title: string;
  readonly messageCount: number;
  readonly media: readonly { readonly path: string; readonly label: string }[];
}

async function addBatch(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
  key: string,
  paths: readonly string[],
): Promise<void> {
  const { book, text, prompter } = session;
  const caseFile = caseSession.current();
  session.progress(text('evidence.reading'));
  const { items, chats, mediaFiles } = await previewBatch(session, key, paths, caseFile.timeZone);
  session.endProgress();
  const dateOrder = book.get(`${key}.dateOrder`) as DateOrder | undefined;

  for (const chat of chats) {
    prompter.say(
      text('evidence.chat-found', {
        app: chat.label,
        title: chat.title,
        count: chat.messageCount,
        media: chat.media.length,
      }),
    );
  }
  const hasChatMedia = chats.some((chat) => chat.media.length > 0);
  const isAsking =
    (mediaFiles.length > 0 && !book.has(`${key}.sensitive`)) ||
    (hasChatMedia && !book.has(`${key}.exclude`));
  if (isAsking) prompter.say(text('evidence.sensitive-rule'));
  const sensitive = await askSensitive(session, key, mediaFiles);
  const descriptions: string[] = [];
  for (const [position, path] of sensitive.entries()) {
    const fallback = text('evidence.sensitive-default', { name: basename(path) });
    const description = await askText(session, `${key}.sensitive.${position}.description`, {
      message: 'evidence.sensitive-description',
      default: fallback,
    });
    descriptions.push(description ?? fallback);
  }
  const excluded = await askExclusions(session, key, chats);

  const added: Exhibit[] = [];
  const duplicates: string[] = [];
  const onEvent = (event: AddEvent) => {
    if (event.type === 'added') added.push(event.exhibit);
    if (event.type === 'duplicate')
      duplicates.push(
        text('evidence.duplicate', {
          name: basename(event.path),
          id: formatExhibitId(event.exhibitNumber),
        }),
      );
    if (event.type === 'start' && event.total > 1)
      session.progress(text('evidence.copying', { done: event.index + 1, total: event.total }));
  };
  const plainPaths = items.flatMap((item) =>
    item.kind === 'chat'
      ? [item.input.path]
      : sensitive.includes(item.file.path)
        ? []
        : [item.file.path],
  );
  const common = { operator, clock: session.clock, signal: session.signal, onEvent };
  if (plainPaths.length > 0) {
    await applyAdd(caseSession, {
      ...common,
      paths: plainPaths,
      isSensitive: false,
      ...(dateOrder ? { dateOrder } : {}),
      ...(excluded.length > 0 ? { excludeAttachments: excluded } : {}),
    });
  }
  for (const [position, path] of sensitive.entries()) {
    await applyAdd(caseSession, {
      ...common,
      paths: [path],
      isSensitive: true,
      description: descriptions[position]!,
    });
  }
  session.endProgress();
  for (const exhibit of added) prompter.say(describeAdded(session, exhibit));
  for (const line of duplicates) prompter.say(line);
  if (added.length === 0 && duplicates.length === 0) prompter.say(text('evidence.nothing-new'));
  if (sensitive.length > 0 || excluded.length > 0) prompter.say(text('evidence.retake-advice'));
}

/** Plans the intake (asking the day/month order when it is ambiguous) without adding anything. */
async function previewBatch(
  session: WizardSession,
  key: string,
  paths: readonly string[],
  timeZone: string,
): Promise<{
  items: readonly IntakeItem[];
  chats: ChatPreview[];
  mediaFiles: readonly CollectedFile[];
}> {
  for (;;) {
    const dateOrder = session.book.get(`${key}.dateOrder`) as DateOrder | undefined;
    let plan: AddPlan;
    try {
      plan = await planAdd({ paths, timeZone, ...(dateOrder ? { dateOrder } : {}) });
    } catch (error) {
      if (!(error instanceof AmbiguousDateOrderError) || dateOrder) throw error;
      session.endProgress();
      await askDateOrder(session, key, error);
      continue;
    }
    const chats = plan.chats.map((chat) => ({
      path: chat.path,
      label: chat.app,
      title: chat.title,
      messageCount: chat.messageCount,
      media: chat.media.map((media) => ({
        path: media.exportPath,
        label: session.text('evidence.attachment', {
          name: media.name,
          sender: media.sender ?? '?',
          when: formatMessageTime(media.time, timeZone, session.text('format.date-time')),
        }),
      })),
    }));
    return { items: plan.items, chats, mediaFiles: plan.mediaFiles };
  }
}

async function askDateOrder(
  session: WizardSession,
  key: string,
  error: AmbiguousDateOrderError,
): Promise<void> {
  const example = error.examples[0] ?? '';
  const [first = '?', second = '?'] = example.split(/[/.-]/);
  session.prompter.say(
    session.text('evidence.date-order-intro', { examples: error.examples.join(', ') }),
  );
  await session.book.ask(`${key}.dateOrder`, () =>
    session.prompter.select(session.text('evidence.date-order', { example }), [
      {
        value: 'dmy',
        name: session.text('evidence.date-order-dmy', { day: first, month: second }),
      },
      {
        value: 'mdy',
        name: session.text('evidence.date-order-mdy', { day: second, month: first }),
      },
    ]),
  );
}

async function askSensitive(
  session: WizardSession,
  key: string,
  mediaFiles: readonly CollectedFile[],
): Promise<readonly string[]> {
  const { book, text, prompter } = session;
  if (mediaFiles.length === 0) return [];
  if (book.has(`${key}.sensitive`)) return book.get(`${key}.sensitive`) as readonly string[];
  let chosen: readonly string[];
  if (mediaFiles.length > 1) {
    for (const file of mediaFiles.slice(0, 12)) prompter.say(`  • ${file.name}`);
    if (mediaFiles.length > 12)
      prompter.say(`  • ${text('evidence.and-more', { count: mediaFiles.length - 12 })}`);
  }
  if (mediaFiles.length === 1) {
    const file = mediaFiles[0]!;
    const isSensitive = await prompter.yesNo(text('evidence.sensitive-one', { name: file.name }));
    chosen = isSensitive ? [file.path] : [];
  } else {
    const isAny = await askYesNo(
      session,
      `${key}.sensitiveAny`,
      text('evidence.sensitive-any', { count: mediaFiles.length }),
    );
    chosen = isAny
      ? await prompter.checkbox(
          text('evidence.sensitive-which'),
          mediaFiles.map((file) => ({ value: file.path, name: file.name })),
          text('common.checks-hint'),
        )
      : [];
  }
  await book.set(`${key}.sensitive`, chosen);
  return chosen;
}

async function askExclusions(
  session: WizardSession,
  key: string,
  chats: readonly ChatPreview[],
): Promise<readonly string[]> {
  const { book, text, prompter } = session;
  const media = chats.flatMap((chat) => chat.media);
  if (media.length === 0) return [];
  if (book.has(`${key}.exclude`)) return book.get(`${key}.exclude`) as readonly string[];
  prompter.say(text('evidence.exclude-intro', { count: media.length }));
  const chosen = await prompter.checkbox(
    text('evidence.exclude'),
    media.map((item) => ({ value: item.path, name: item.label })),
    text('common.checks-hint'),
  );
  await book.set(`${key}.exclude`, chosen);
  return chosen;
}

/** An intimate image that is only on the phone: described, never copied. */
async function askPhoneOnly(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
): Promise<void> {
  const { book } = session;
  const isThere = await askYesNo(
    session,
    'evidence.phoneOnly',
    session.text('evidence.phone-only'),
    false,
  );
  if (!isThere || book.get('evidence.phoneOnly.added') === true) return;
  const description = await askText(session, 'evidence.phoneOnly.description', {
    message: 'evidence.phone-only-description',
  });
  const where = await askText(session, 'evidence.phoneOnly.where', {
    message: 'evidence.phone-only-where',
    isSkippable: true,
  });
  const result = await applyAdd(caseSession, {
    paths: [],
    isSensitive: true,
    description: description ?? '',
    ...(where ? { where } : {}),
    operator,
    clock: session.clock,
    signal: session.signal,
  });
  for (const exhibit of result.added) session.prompter.say(describeAdded(session, exhibit));
  await book.set('evidence.phoneOnly.added', true);
}

/** A message's time as the family reads it: 12/03/2024 21:40 (in the zone it was recorded in). */
function formatMessageTime(time: MessageTime, zone: string, format: string): string {
  const shown = time.wallClock
    ? DateTime.fromISO(time.wallClock, { zone: 'utc' })
    : time.instant
      ? DateTime.fromISO(time.instant, { zone: time.zone ?? zone })
      : undefined;
  return shown?.isValid ? shown.toFormat(format) : '?';
}

/** "P3  capture d'écran  Screenshot.png" in plain words. */
export function describeAdded(session: WizardSession, exhibit: Exhibit): string {
  const id = formatExhibitId(exhibit.number);
  if (exhibit.isSensitive) {
    return session.text(exhibit.isDescriptionOnly ? 'exhibit.describedOnly' : 'exhibit.sensitive', {
      id,
      name: exhibit.files[0]?.name ?? exhibit.description ?? '',
    });
  }
  if (exhibit.conversation) {
    return session.text('exhibit.conversation', {
      id,
      app: exhibit.app ?? '',
      title: exhibit.conversation.title,
      count: exhibit.conversation.messageCount,
    });
  }
  return session.text(`exhibit.${exhibit.kind}`, { id, name: exhibit.files[0]?.name ?? '' });
}
