import type { ChatFormatDescriptor } from '../../format.js';

/** Discord's own data package (Messages/ folder of "Request all of my data"). */
export const discordPackageDescriptor: ChatFormatDescriptor = {
  id: 'discord-package',
  label: "Discord data package (Request all of my data: the account holder's own messages)",
  app: 'Discord',
  fileTypes: ['application/zip'],
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectDiscordPackage(source),
  load: async () => ({
    ...discordPackageDescriptor,
    ...(await import('./parse.js')).discordPackageParser,
  }),
};
