import { type MessageLanguage, type MessageParam, renderMessage } from '../model/messages.js';
import { chooseHelpLanguage } from './error-language.js';

/**
 * A line of the help (a command's or an option's description) in the language of the run:
 * --lang, else the system locale, else English (chooseHelpLanguage), read from the command line. `npm run build` writes the help of each language (scripts/write-help.js).
 */
export function sayHelp(code: string, params?: Readonly<Record<string, MessageParam>>): string {
  const language: MessageLanguage = chooseHelpLanguage(process.argv, process.env);
  return renderMessage(language, params ? { code, params } : { code });
}
