import type { ChatFormat } from './format.js';
import { discordFormat } from './formats/discord.js';
import { discordPackageFormat } from './formats/discord-package.js';
import { emailFormat } from './formats/email.js';
import { instagramFormat, messengerFormat } from './formats/instagram.js';
import { messengerE2eeFormat } from './formats/messenger-e2ee.js';
import { smsBackupFormat } from './formats/sms.js';
import { snapchatFormat } from './formats/snapchat.js';
import { telegramFormat } from './formats/telegram.js';
import { tiktokFormat } from './formats/tiktok.js';
import { whatsappFormat } from './formats/whatsapp.js';

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
