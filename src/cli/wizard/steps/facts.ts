import type { CaseSession } from '../../../model/case-session.js';
import type { AuthorIdentifier } from '../../../model/facts.js';
import { classifyIdentifier } from '../parse-answers.js';
import {
  askChecks,
  askChoice,
  askText,
  askYesNo,
  dateParser,
  type WizardSession,
} from '../session.js';

export const PLATFORMS = [
  'instagram',
  'snapchat',
  'whatsapp',
  'tiktok',
  'facebook',
  'discord',
  'telegram',
  'sms',
  'email',
  'other',
] as const;

/** The apps whose export the wizard explains (templates: export.<app>). */
const EXPORT_HELP = new Set([
  'whatsapp',
  'instagram',
  'facebook',
  'snapchat',
  'tiktok',
  'telegram',
]);

const THREATS = ['publish', 'send-contacts', 'send-school', 'other'] as const;

/** Answers of the three-way questions: a yes or a no is a fact, "je ne sais pas" is not. */
const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;

export async function askFacts(session: WizardSession, _caseSession?: CaseSession): Promise<void> {
  const { book } = session;
  await askText(session, 'facts.firstContact', {
    message: 'facts.firstContact',
    why: 'facts.firstContact-why',
    isSkippable: true,
    parse: dateParser(session),
  });
  // Threatening messages the family kept from the evidence answer this already.
  const kept = book.get('findings.keptKinds');
  const hasThreatFromEvidence = Array.isArray(kept) && kept.includes('threat');
  if (!hasThreatFromEvidence)
    await askChecks(session, 'facts.threats', {
      message: 'facts.threats',
      codes: THREATS,
      prefix: 'threat',
      noneKey: 'facts.threats-none',
    });
  await askText(session, 'facts.narrative', {
    message: 'facts.narrative',
    why: 'facts.narrative-why',
    isSkippable: true,
  });
  await askChoice(session, 'facts.sentImages', {
    message: 'facts.sentImages',
    why: 'facts.sentImages-why',
    codes: YES_NO_UNKNOWN,
    prefix: 'answer3',
  });
  const diffused = await askChoice(session, 'facts.diffusion', {
    message: 'facts.diffusion',
    codes: YES_NO_UNKNOWN,
    prefix: 'answer3',
  });
  if (diffused === 'yes')
    await askText(session, 'facts.diffusionWhere', {
      message: 'facts.diffusionWhere',
      isSkippable: true,
    });
}

/** The author's identifiers the family kept from the evidence (findings screen). */
export function identifiersFromEvidence(caseSession: CaseSession): AuthorIdentifier[] {
  return (caseSession.current().facts.authorIdentifiers ?? []).filter(
    (identifier) => identifier.source === 'evidence',
  );
}

/**
 * The blackmailer's accounts, numbers, names: one per round, as many as the user knows. When the
 * family names the app, the wizard says how to export the conversation from it.
 */
export async function askAuthors(session: WizardSession, caseSession?: CaseSession): Promise<void> {
  const { book } = session;
  // Accounts kept from the evidence answer this part; "Modifier une partie" asks it anyway.
  const fromEvidence = caseSession ? identifiersFromEvidence(caseSession) : [];
  const mode = book.get('author.evidence');
  if (fromEvidence.length > 0 && mode !== 'ask') {
    if (mode === undefined) {
      session.prompter.say(
        session.text('author.from-evidence', {
          list: fromEvidence.map(describeIdentifier).join(', '),
        }),
      );
      await book.set('author.evidence', 'shown');
    }
    return;
  }
  for (let index = 0; ; index += 1) {
    const key = `author.${index}`;
    const isNew = !book.has(`${key}.platform`);
    const platform = await askChoice(session, `${key}.platform`, {
      message: index === 0 ? 'author.platform-first' : 'author.platform-next',
      why: index === 0 ? 'author.why' : undefined,
      codes: PLATFORMS,
      prefix: 'platform',
      skipKey: 'platform.skip',
    });
    if (platform === null || platform === 'none') return;
    if (isNew && EXPORT_HELP.has(platform)) sayExportHelp(session, platform);
    const value = await askText(session, `${key}.value`, {
      message: 'author.value',
      why: index === 0 ? 'author.value-why' : undefined,
      isSkippable: true,
    });
    if (value && !book.has(`${key}.field`))
      await book.set(`${key}.field`, classifyIdentifier(value));
    const isMore = await askYesNo(session, `${key}.more`, session.text('author.more'), false);
    if (!isMore) return;
  }
}

function describeIdentifier(identifier: AuthorIdentifier): string {
  const value =
    identifier.phone ??
    identifier.handle ??
    identifier.email ??
    identifier.profileUrl ??
    identifier.accountId ??
    '';
  return identifier.exhibits?.length ? `${value} (${identifier.exhibits.join(', ')})` : value;
}

/** How to get the conversation out of the app, once, when the family names it. */
function sayExportHelp(session: WizardSession, platform: string): void {
  const { prompter, text } = session;
  prompter.say('');
  prompter.say(text(`export.${platform}`));
}

export async function askStepsAndRecipient(session: WizardSession): Promise<void> {
  await askChecks(session, 'steps.taken', {
    message: 'steps.taken',
    codes: ['blocked', 'reported-to-platform', '3018', 'pharos', 'thesee', 'bank', 'police'],
    prefix: 'step',
    noneKey: 'steps.taken-none',
  });
  await askChoice(session, 'recipient.kind', {
    message: 'recipient.kind',
    why: 'recipient.why',
    codes: ['commissariat', 'gendarmerie', 'procureur'],
    prefix: 'recipient',
    skipKey: 'recipient.skip',
  });
}
