import type { ChatFormat } from './format.js';
import { discordFormat } from './formats/discord/parse.js';
import { discordPackageFormat } from './formats/discord-package/parse.js';
import { emailFormat } from './formats/email/parse.js';
import { messengerE2eeFormat } from './formats/messenger-e2ee/parse.js';
import { instagramFormat, messengerFormat } from './formats/meta/parse.js';
import { smsBackupFormat } from './formats/sms-backup/parse.js';
import { snapchatFormat } from './formats/snapchat/parse.js';
import { telegramFormat } from './formats/telegram/parse.js';
import { tiktokFormat } from './formats/tiktok/parse.js';
import { whatsappFormat } from './formats/whatsapp/parse.js';

/** Every supported chat-export format, in detection priority order. One line per format. */
export const chatFormats: readonly ChatFormat[] = [
  whatsappFormat,
  instagramFormat,
  messengerFormat,
  messengerE2eeFormat,
  telegramFormat,
  discordFormat,
  discordPackageFormat,
  snapchatFormat,
  tiktokFormat,
  smsBackupFormat,
  emailFormat,
];
