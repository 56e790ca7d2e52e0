/**
 * The ids `preuve add --format` takes, in the registry's order (chats/registry.ts). Written out
 * rather than read from the registry: `add`'s option list is built at every start, and the
 * registry loads every parser (tests/unit/app/chat-format-ids.test.ts keeps the two the same).
 */
const CHAT_FORMAT_IDS = [
  'whatsapp',
  'instagram',
  'messenger',
  'messenger-e2ee',
  'telegram',
  'discord',
  'discord-package',
  'snapchat',
  'tiktok',
  'sms-backup',
  'email',
] as const;

export function listChatFormatIds(): string[] {
  return [...CHAT_FORMAT_IDS];
}
