import type { ChatFormat } from './format.js';
import { emailFormat } from './formats/email.js';
import { smsBackupFormat } from './formats/sms.js';

/** Every supported chat-export format, in detection priority order. One line per format. */
export const chatFormats: readonly ChatFormat[] = [smsBackupFormat, emailFormat];
