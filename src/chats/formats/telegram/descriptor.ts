import type { ChatFormatDescriptor } from '../../format.js';

/** Telegram Desktop export (`result.json`, or the HTML pages), one chat or the whole account. */
export const telegramDescriptor: ChatFormatDescriptor = {
  id: 'telegram',
  label: 'Telegram Desktop (Export chat history / Export Telegram data, JSON or HTML)',
  app: 'Telegram',
  fileTypes: ['application/json', 'text/html', 'application/zip'],
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectTelegram(source),
  load: async () => ({ ...telegramDescriptor, ...(await import('./parse.js')).telegramParser }),
};
