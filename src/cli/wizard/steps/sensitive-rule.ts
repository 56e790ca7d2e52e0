import type { WizardSession } from '../session.js';

/**
 * The rule about intimate images, in full the first time the wizard asks about images for this
 * case, then as a one-line reminder: read three times, it stops being read.
 */
export async function saySensitiveRule(session: WizardSession): Promise<void> {
  const { book, prompter, text } = session;
  if (book.get('evidence.ruleShown') === true) {
    prompter.say(text('evidence.sensitive-reminder'));
    return;
  }
  prompter.say(text('evidence.sensitive-rule'));
  await book.set('evidence.ruleShown', true);
}
