import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { DateTime } from 'luxon';
import {
  type AddEvent,
  AmbiguousDateOrderError,
  applyAdd,
  type DateOrder,
  type GatedMedia,
  type MessageTime,
} from '../../../app/add.js';
import { type LayoutDateOrder, type PlannedItem, previewAdd } from '../../../app/add-preview.js';
import type { CaseSession } from '../../../model/case-session.js';
import { describeError, PreuveError } from '../../../model/errors.js';
import { type Exhibit, formatExhibitId } from '../../../model/exhibit.js';
import { findDroppedPaths } from '../dropped-paths.js';
import type { Parsed } from '../parse-answers.js';
import { askText, askYesNo, type WizardSession } from '../session.js';
import { saySensitiveRule } from './sensitive-rule.js';

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
      ...(isFirst ? {} : { emptyKey: 'common.done' }),
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
      session.prompter.say(
        session.text('evidence.batch-failed', {
          message: describeError(error, session.text.language),
        }),
      );
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
      // Back from the review screen: the phone-only question is asked even with an intimate image in the case.
      await book.set('evidence.phoneOnlyAsk', true);
      return;
    }
  }
}

/** Every path must exist; `~` is the home folder, whatever form the terminal gave the path. */
export function parsePathsAnswer(raw: string): Parsed<readonly string[]> {
  const exists = (path: string) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  };
  const found = findDroppedPaths(raw, exists);
  if ('paths' in found) return { ok: true, value: found.paths.map((path) => resolve(path)) };
  return { ok: false, problem: 'invalid.path', values: { path: found.missing } };
}

interface ChatPreview {
  readonly path: string;
  readonly label: string;
  readonly title: string;
  readonly messageCount: number;
  /**
   * Everything of the export the family can keep out: every image and video (named by a message
   * or not, inside an MMS or an e-mail), by gate key; and the other files messages name, by path.
   */
  readonly media: readonly { readonly path: string; readonly label: string }[];
  /** Names of the export's participants (in every one of its conversations), for "which one is the child?". */
  readonly participants: readonly string[];
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
  const {
    items,
    chats,
    files: gatedFiles,
  } = await previewBatch(session, key, paths, caseFile.timeZone);
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
  // An unreadable export first: one the family will export again is not asked about now.
  const reexport = await askUnreadable(session, key, items);
  const mediaFiles = gatedFiles.filter((file) => !reexport.includes(file.key));
  const hasChatMedia = chats.some((chat) => chat.media.length > 0);
  const isAsking =
    (mediaFiles.length > 0 && !book.has(`${key}.sensitive`)) ||
    (hasChatMedia && !book.has(`${key}.exclude`));
  if (isAsking) await saySensitiveRule(session);
  // Loose images and a chat's media in one batch: one question over all of them.
  if (mediaFiles.length > 0 && hasChatMedia) await askAllMedia(session, key, mediaFiles, chats);
  const sensitive = await askSensitive(session, key, mediaFiles);
  // The file is hashed where it is: its name says which one it is, no description is asked.
  const descriptions = sensitive.map((path) =>
    text('evidence.sensitive-default', { name: basename(path) }),
  );
  const excluded = await askExclusions(session, key, chats);
  const victims = await askVictims(session, key, chats);

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
    item.isChat
      ? victims.has(item.path)
        ? []
        : [item.path]
      : sensitive.includes(item.path) || reexport.includes(item.path)
        ? []
        : [item.path],
  );
  const common = { operator, clock: session.clock, signal: session.signal, onEvent };
  // Every image and video was on screen: what the family ticked is intimate, the rest is copied.
  const ticked = new Set(excluded);
  const documents = excluded.filter((value) => !value.includes('!/'));
  const plain = {
    ...common,
    isSensitive: false,
    ...(dateOrder ? { dateOrder } : {}),
    ...(documents.length > 0 ? { excludeAttachments: documents } : {}),
    decideMedia: (media: GatedMedia) => (ticked.has(media.key) ? 'sensitive' : 'copy'),
  } as const;
  // A chat whose child the family named is added on its own, first as chats are: the name is that export's (as add --victim-name).
  for (const [path, victimName] of victims)
    await applyAdd(caseSession, { ...plain, paths: [path], victimName });
  if (plainPaths.length > 0) await applyAdd(caseSession, { ...plain, paths: plainPaths });
  for (const [position, path] of sensitive.entries()) {
    await applyAdd(caseSession, {
      ...common,
      paths: [path],
      isSensitive: true,
      description: descriptions[position]!,
    });
  }
  session.endProgress();
  for (const exhibit of added) {
    prompter.say(describeAdded(session, exhibit));
    const problem = describeBrokenFile(session, exhibit);
    if (problem) prompter.say(problem);
  }
  for (const line of duplicates) prompter.say(line);
  if (added.length === 0 && duplicates.length === 0 && reexport.length === 0)
    prompter.say(text('evidence.nothing-new'));
  if (sensitive.length > 0 || excluded.length > 0) prompter.say(text('evidence.retake-advice'));
}

/** Recognises the chat exports (asking the day/month order when it is ambiguous) without adding anything. */
async function previewBatch(
  session: WizardSession,
  key: string,
  paths: readonly string[],
  timeZone: string,
): Promise<{ items: readonly PlannedItem[]; chats: ChatPreview[]; files: readonly GatedMedia[] }> {
  for (;;) {
    const dateOrder = session.book.get(`${key}.dateOrder`) as DateOrder | undefined;
    let plan: Awaited<ReturnType<typeof previewAdd>>;
    try {
      plan = await previewAdd({
        paths,
        timeZone,
        ...(dateOrder ? { dateOrder } : {}),
        signal: session.signal,
      });
    } catch (error) {
      if (!(error instanceof AmbiguousDateOrderError) || dateOrder) throw error;
      session.endProgress();
      await askDateOrder(session, key, error);
      continue;
    }
    if (!dateOrder && plan.layoutDateOrder) {
      session.endProgress();
      await confirmDateOrder(session, key, plan.layoutDateOrder);
      if (session.book.get(`${key}.dateOrder`) !== plan.layoutDateOrder.order) continue;
    }
    const format = session.text('format.date-time');
    const chats = plan.chats.map((chat) => ({
      path: chat.path,
      label: chat.appLabel,
      title: chat.title,
      messageCount: chat.messageCount,
      participants: chat.participants,
      media: [
        ...chat.media.map((media) => ({
          path: media.key,
          label: labelMedia(session, media, timeZone),
        })),
        ...chat.documents.map((document) => ({
          path: document.exportPath,
          label: session.text('evidence.attachment', {
            name: document.name,
            sender: document.sender ?? '?',
            when: formatMessageTime(document.time, timeZone, format),
          }),
        })),
      ],
    }));
    return { items: plan.items, chats, files: plan.gatedFiles };
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

/**
 * "03/04/2024 lu comme le 3 avril 2024 — est-ce juste ?": yes keeps the order (now given by the
 * family), no reads the export again the other way.
 */
async function confirmDateOrder(
  session: WizardSession,
  key: string,
  guessed: LayoutDateOrder,
): Promise<void> {
  const { text, prompter, book } = session;
  if (book.has(`${key}.dateOrder`)) return;
  const examples = guessed.examples
    .map(([written, iso]) =>
      text('evidence.date-read-as', {
        written,
        read: DateTime.fromISO(iso).setLocale(text.language).toFormat(text('format.long-date')),
      }),
    )
    .join(' ; ');
  prompter.say(text('evidence.date-confirm-intro'));
  const isRight = await prompter.yesNo(text('evidence.date-confirm', { examples }));
  const other = guessed.order === 'dmy' ? 'mdy' : 'dmy';
  await book.set(`${key}.dateOrder`, isRight ? guessed.order : other);
}

async function askSensitive(
  session: WizardSession,
  key: string,
  mediaFiles: readonly GatedMedia[],
): Promise<readonly string[]> {
  const { book, text, prompter } = session;
  if (mediaFiles.length === 0) return [];
  if (book.has(`${key}.sensitive`)) return book.get(`${key}.sensitive`) as readonly string[];
  let chosen: readonly string[];
  if (mediaFiles.length > 1) {
    for (const file of mediaFiles.slice(0, 12)) prompter.say(`  • ${labelFile(session, file)}`);
    if (mediaFiles.length > 12)
      prompter.say(`  • ${text('evidence.and-more', { count: mediaFiles.length - 12 })}`);
  }
  if (mediaFiles.length === 1) {
    const file = mediaFiles[0]!;
    const isSensitive = await askWithoutDefault(
      session,
      text('evidence.sensitive-one', { name: labelFile(session, file) }),
    );
    chosen = isSensitive ? [file.key] : [];
  } else {
    const isAny = await askYesNo(
      session,
      `${key}.sensitiveAny`,
      text('evidence.sensitive-any', { count: mediaFiles.length }),
    );
    chosen = isAny
      ? await prompter.checkbox(
          text('evidence.sensitive-which'),
          mediaFiles.map((file) => ({ value: file.key, name: labelFile(session, file) })),
          text('common.checks-hint'),
        )
      : [];
  }
  await book.set(`${key}.sensitive`, chosen);
  return chosen;
}

/**
 * The intimate-image question over a batch's loose files and its chats' media together: "among
 * these N images or videos, is one nude or sexual?", then which. The answers are saved as the
 * two separate questions would save them.
 */
async function askAllMedia(
  session: WizardSession,
  key: string,
  mediaFiles: readonly GatedMedia[],
  chats: readonly ChatPreview[],
): Promise<void> {
  const { book, text, prompter } = session;
  if (book.has(`${key}.sensitive`) || book.has(`${key}.exclude`)) return;
  const all = [
    ...mediaFiles.map((file) => ({ value: `f:${file.key}`, name: labelFile(session, file) })),
    ...chats.flatMap((chat) =>
      chat.media.map((item) => ({ value: `m:${item.path}`, name: item.label })),
    ),
  ];
  for (const item of all.slice(0, 12)) prompter.say(`  • ${item.name}`);
  if (all.length > 12) prompter.say(`  • ${text('evidence.and-more', { count: all.length - 12 })}`);
  const isAny = await askYesNo(
    session,
    `${key}.sensitiveAny`,
    text('evidence.sensitive-any', { count: all.length }),
  );
  const chosen = isAny
    ? await prompter.checkbox(text('evidence.sensitive-which'), all, text('common.checks-hint'))
    : [];
  await book.set(
    `${key}.sensitive`,
    chosen.filter((value) => value.startsWith('f:')).map((value) => value.slice(2)),
  );
  await book.set(
    `${key}.exclude`,
    chosen.filter((value) => value.startsWith('m:')).map((value) => value.slice(2)),
  );
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

/**
 * Which participant of each conversation is the child: a list of the names the export shows, and
 * "none / I don't know". The name is stored as the exhibit's victim name, as `add --victim-name`.
 * Returns the chosen names by export path.
 */
async function askVictims(
  session: WizardSession,
  key: string,
  chats: readonly ChatPreview[],
): Promise<Map<string, string>> {
  const { book, text, prompter } = session;
  const chosen = new Map<string, string>();
  const exports = chats.filter((chat) => chat.participants.length > 0);
  for (const [position, chat] of exports.entries()) {
    const answer = await book.ask(`${key}.victim.${position}`, () =>
      prompter.select<string>(text('evidence.victim', { title: chat.title }), [
        ...chat.participants.map((name) => ({ value: name, name })),
        { value: '', name: text('evidence.victim-none') },
      ]),
    );
    if (typeof answer === 'string' && answer !== '' && chat.participants.includes(answer))
      chosen.set(chat.path, answer);
  }
  return chosen;
}

/**
 * A zip that could not be read may be a chat export cut short: the family chooses between keeping
 * it as a plain file and exporting the conversation again. Returns the paths left out for now.
 */
async function askUnreadable(
  session: WizardSession,
  key: string,
  items: readonly PlannedItem[],
): Promise<readonly string[]> {
  const left: string[] = [];
  for (const [position, item] of items.entries()) {
    if (item.isChat || !item.unreadable) continue;
    session.prompter.say(session.text('evidence.unreadable', { name: item.name }));
    const choice = await session.book.ask(`${key}.unreadable.${position}`, () =>
      session.prompter.select(session.text('evidence.unreadable-choice'), [
        { value: 'reexport', name: session.text('evidence.unreadable-reexport') },
        { value: 'file', name: session.text('evidence.unreadable-file') },
      ]),
    );
    if (choice === 'reexport') {
      left.push(item.path);
      session.prompter.say(session.text('evidence.unreadable-how'));
    }
  }
  return left;
}

/** An empty file or an image that cannot be decoded: the family is told, with how to get a good copy. */
function describeBrokenFile(session: WizardSession, exhibit: Exhibit): string | undefined {
  const file = exhibit.files[0];
  if (!file || exhibit.conversation || exhibit.isSensitive) return undefined;
  if (file.size === 0) return session.text('evidence.broken-empty', { name: file.name });
  if (exhibit.image?.isUndecodable && exhibit.image.format !== 'heif') {
    return session.text('evidence.broken-image', { name: file.name });
  }
  return undefined;
}

/** An intimate image that is only on the phone: described, never copied. */
async function askPhoneOnly(
  session: WizardSession,
  caseSession: CaseSession,
  operator: string,
): Promise<void> {
  const { book } = session;
  // An intimate image already recorded answers it: the family can add another from the review screen.
  const hasSensitive = caseSession
    .current()
    .exhibits.some(
      (exhibit) =>
        !exhibit.withdrawn &&
        (exhibit.isSensitive || exhibit.files.some((file) => file.excludedReason === 'sensitive')),
    );
  if (hasSensitive && !book.has('evidence.phoneOnly') && !book.get('evidence.phoneOnlyAsk')) return;
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

/**
 * The intimate-image question for one file: nothing is preselected, so a quick Enter cannot keep
 * an ordinary screenshot out (or let an intimate one in); the family must move to an answer.
 */
async function askWithoutDefault(session: WizardSession, message: string): Promise<boolean> {
  for (;;) {
    const answer = await session.prompter.select<boolean | 'choose'>(message, [
      { value: 'choose', name: session.text('evidence.sensitive-choose') },
      { value: true, name: session.text('evidence.sensitive-yes') },
      { value: false, name: session.text('evidence.sensitive-no') },
    ]);
    if (answer !== 'choose') return answer;
    session.prompter.say(session.text('evidence.sensitive-choose-again'));
  }
}

/** A file to ask about, as the family knows it; a plain zip says how many images it holds. */
function labelFile(session: WizardSession, media: GatedMedia): string {
  if (media.origin !== 'archive') return media.name;
  return media.mediaCount === undefined
    ? session.text('evidence.archive-unreadable', { name: media.name })
    : session.text('evidence.archive-media', { name: media.name, count: media.mediaCount });
}

/** A chat export's image or video, with who sent it and when, or that no message names it. */
function labelMedia(session: WizardSession, media: GatedMedia, timeZone: string): string {
  if (media.origin === 'unreferenced') {
    return session.text('evidence.attachment-unreferenced', { name: media.name });
  }
  return session.text('evidence.attachment', {
    name: media.name,
    sender: media.sender ?? '?',
    when: media.time
      ? formatMessageTime(media.time, timeZone, session.text('format.date-time'))
      : '?',
  });
}

/** "P3  capture d'écran  Screenshot.png" in plain words. */
export function describeAdded(session: WizardSession, exhibit: Exhibit): string {
  const id = formatExhibitId(exhibit.number);
  if (exhibit.withdrawn) {
    return session.text('exhibit.withdrawn', {
      id,
      name: exhibit.conversation?.title ?? exhibit.files[0]?.name ?? exhibit.description ?? '',
      reason: exhibit.withdrawn.reason,
    });
  }
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
