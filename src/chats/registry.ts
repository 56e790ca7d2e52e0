import type { ChatFormatDescriptor } from './format.js';
import { discordDescriptor } from './formats/discord/descriptor.js';
import { discordPackageDescriptor } from './formats/discord-package/descriptor.js';
import { emailDescriptor } from './formats/email/descriptor.js';
import { messengerE2eeDescriptor } from './formats/messenger-e2ee/descriptor.js';
import { instagramDescriptor, messengerDescriptor } from './formats/meta/descriptor.js';
import { smsBackupDescriptor } from './formats/sms-backup/descriptor.js';
import { snapchatDescriptor } from './formats/snapchat/descriptor.js';
import { telegramDescriptor } from './formats/telegram/descriptor.js';
import { tiktokDescriptor } from './formats/tiktok/descriptor.js';
import { whatsappDescriptor } from './formats/whatsapp/descriptor.js';

/**
 * Every supported chat-export format, in detection priority order. One line per format. Lists the
 * formats' descriptors only: importing it loads no parser (each format loads its own when used).
 */
export const chatFormats: readonly ChatFormatDescriptor[] = [
  whatsappDescriptor,
  instagramDescriptor,
  messengerDescriptor,
  messengerE2eeDescriptor,
  telegramDescriptor,
  discordDescriptor,
  discordPackageDescriptor,
  snapchatDescriptor,
  tiktokDescriptor,
  smsBackupDescriptor,
  emailDescriptor,
];

/** The format stored under this id (an exhibit's `conversation.format`), if it is one. */
export function findChatFormat(id: string): ChatFormatDescriptor | undefined {
  return chatFormats.find((format) => format.id === id);
}
