import { parseAgeOrBirthDate } from '../parse-answers.js';
import { askChoice, askText, type WizardSession } from '../session.js';

/** The links a parent filling in the case can give in "who is filling this in" (complainant.link codes). */
const PARENT_LINKS = ['mother', 'father', 'guardian', 'other'] as const;

/**
 * Who is filling this in. With --operator (support-worker mode) the name is already known; an
 * organisation written in it ("Claire Martin, France Victimes 75") is not asked for again.
 */
export async function askWho(session: WizardSession, operatorFlag?: string): Promise<void> {
  const { book } = session;
  if (operatorFlag && !book.has('who.role')) {
    await book.set('who.role', 'support-worker');
    const [name, ...organisation] = operatorFlag.split(',').map((part) => part.trim());
    await book.set('who.name', name || operatorFlag);
    if (organisation.join(', ')) await book.set('who.organisation', organisation.join(', '));
  }
  if (!book.has('who.role')) {
    // A parent says who they are to the child in the same answer ("la mère"): one question, not two.
    const answer = await askChoice(session, 'who.answer', {
      message: 'who.role',
      codes: [...PARENT_LINKS, 'support-worker'],
      prefix: 'role',
    });
    if (answer !== null && answer !== 'support-worker') {
      await book.set('complainant.link', answer);
      await book.set('who.role', 'parent');
    } else await book.set('who.role', answer);
  }
  const role = book.get('who.role');
  await askText(session, 'who.name', {
    message: role === 'support-worker' ? 'who.name-worker' : 'who.name-parent',
    why: 'who.name-why',
    isSkippable: true,
  });
  if (role === 'support-worker') {
    await askText(session, 'who.organisation', { message: 'who.organisation', isSkippable: true });
  }
}

/** The name recorded as the operator: the name given, or who they are when it was not given. */
export function operatorName(session: WizardSession): string {
  const name = session.book.get('who.name');
  if (typeof name === 'string' && name.trim() !== '') return name.trim();
  return session.text(
    session.book.get('who.role') === 'support-worker' ? 'who.unnamed-worker' : 'who.unnamed-parent',
  );
}

/** The parent or legal representative who files the complaint for the child. */
export async function askComplainant(session: WizardSession): Promise<void> {
  // Someone who skipped "who is filling this in" is spoken to as the family.
  const isParent = session.book.get('who.role') !== 'support-worker';
  if (!isParent) {
    await askText(session, 'complainant.name', {
      message: 'complainant.name',
      why: 'complainant.why',
      isSkippable: true,
    });
  }
  await askChoice(session, 'complainant.link', {
    message: isParent ? 'complainant.link-parent' : 'complainant.link-worker',
    why: isParent ? 'complainant.why' : undefined,
    codes: ['mother', 'father', 'guardian', 'other'],
    prefix: 'link',
  });
  await askText(session, 'complainant.contact', {
    message: isParent ? 'complainant.contact-parent' : 'complainant.contact-worker',
    why: 'complainant.contact-why',
    isSkippable: true,
  });
}

export async function askVictim(session: WizardSession): Promise<void> {
  const { book } = session;
  await askText(session, 'victim.firstName', {
    message: 'victim.firstName',
    why: 'victim.firstName-why',
    isSkippable: true,
  });
  if (!book.has('victim.age')) await askAge(session);
  await askText(session, 'victim.commune', {
    message: 'victim.commune',
    why: 'victim.commune-why',
    isSkippable: true,
  });
}

async function askAge(session: WizardSession): Promise<void> {
  const { book } = session;
  const language = session.text.language;
  const answer = await askText(session, 'victim.ageAnswer', {
    message: 'victim.age',
    why: 'victim.age-why',
    isSkippable: true,
    parse: (raw) => {
      const parsed = parseAgeOrBirthDate(raw, session.today(), language);
      return parsed.ok ? { ok: true, value: raw } : parsed;
    },
  });
  const parsed = answer ? parseAgeOrBirthDate(answer, session.today(), language) : undefined;
  if (parsed?.ok && parsed.value.dateOfBirth)
    await book.set('victim.dateOfBirth', parsed.value.dateOfBirth);
  await book.set('victim.age', parsed?.ok ? parsed.value.age : null);
}
