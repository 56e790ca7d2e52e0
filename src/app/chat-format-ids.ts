import { chatFormats } from '../chats/registry.js';

/** The ids `preuve add --format` takes; apart from add.ts so that listing them loads no intake code. */
export function listChatFormatIds(): string[] {
  return chatFormats.map((format) => format.id);
}
