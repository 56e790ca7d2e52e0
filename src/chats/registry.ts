import type { ChatFormat } from './format.js';
import { whatsappFormat } from './formats/whatsapp.js';

/** Every supported chat-export format, in detection priority order. One line per format. */
export const chatFormats: readonly ChatFormat[] = [
  whatsappFormat,
  // Add a format here: one import above, one line here.
];
