import { chatFormats } from '../chats/registry.js';

/**
 * The ids `preuve add --format` takes, in the registry's order. Read from the formats' descriptors,
 * which load no parser: `add`'s option list is built at every start.
 */
export function listChatFormatIds(): string[] {
  return chatFormats.map((format) => format.id);
}
