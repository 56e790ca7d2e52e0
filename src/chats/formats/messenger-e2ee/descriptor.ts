import type { ChatFormatDescriptor } from '../../format.js';

/** Messenger end-to-end-encrypted chats ("Download secure storage data", JSON). */
export const messengerE2eeDescriptor: ChatFormatDescriptor = {
  id: 'messenger-e2ee',
  label: 'Messenger end-to-end encrypted chats (secure storage download, JSON)',
  app: 'Messenger',
  fileTypes: ['application/json', 'application/zip'],
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectMessengerE2ee(source),
  load: async () => ({
    ...messengerE2eeDescriptor,
    ...(await import('./parse.js')).messengerE2eeParser,
  }),
};
