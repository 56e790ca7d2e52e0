import type { ChatFormatDescriptor } from '../../format.js';

/** DiscordChatExporter JSON export (one file per channel). */
export const discordDescriptor: ChatFormatDescriptor = {
  id: 'discord',
  label: 'Discord (DiscordChatExporter JSON)',
  app: 'Discord',
  fileTypes: ['application/json', 'application/zip'],
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectDiscord(source),
  load: async () => ({ ...discordDescriptor, ...(await import('./parse.js')).discordParser }),
};
