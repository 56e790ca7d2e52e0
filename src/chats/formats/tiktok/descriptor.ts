import type { ChatFormatDescriptor } from '../../format.js';

/** TikTok "Download your data" (JSON or TXT): direct messages. */
export const tiktokDescriptor: ChatFormatDescriptor = {
  id: 'tiktok',
  label: 'TikTok (Download your data, JSON or TXT)',
  app: 'TikTok',
  fileTypes: ['application/json', 'text/plain', 'application/zip'],
  // Senders are named by username, the account's handle (findings take it as @handle).
  isSenderAUsername: true,
  detect: async (source) => (await import('./detect.js')).detectTikTok(source),
  load: async () => ({ ...tiktokDescriptor, ...(await import('./parse.js')).tiktokParser }),
};
