import type { ChatFormatDescriptor } from '../../format.js';

/** Snapchat My Data export (`json/chat_history.json`, both generations). */
export const snapchatDescriptor: ChatFormatDescriptor = {
  id: 'snapchat',
  label: 'Snapchat (My Data, JSON)',
  app: 'Snapchat',
  fileTypes: ['application/json', 'application/zip'],
  options: ['threads'],
  // Senders are named by username, the account's handle (findings take it as @handle).
  isSenderAUsername: true,
  detect: async (source) => (await import('./detect.js')).detectSnapchat(source),
  load: async () => ({ ...snapchatDescriptor, ...(await import('./parse.js')).snapchatParser }),
};
