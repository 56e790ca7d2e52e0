import type { ChatFormat } from './format.js';
import { instagramFormat, messengerFormat } from './formats/instagram.js';

/** Every supported chat-export format, in detection priority order. One line per format. */
export const chatFormats: readonly ChatFormat[] = [instagramFormat, messengerFormat];
