import type { ChatFormatDescriptor } from '../../format.js';

const META_FILE_TYPES = ['application/json', 'text/html', 'application/zip'];

/** Instagram "Download your information" (JSON or HTML), inbox and message requests. */
export const instagramDescriptor: ChatFormatDescriptor = {
  id: 'instagram',
  label: 'Instagram (Download your information, JSON or HTML)',
  app: 'Instagram',
  fileTypes: META_FILE_TYPES,
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectMeta('instagram')(source),
  load: async () => ({ ...instagramDescriptor, ...(await import('./parse.js')).instagramParser }),
};

/** Facebook Messenger "Download your information", the same layout as Instagram's. */
export const messengerDescriptor: ChatFormatDescriptor = {
  id: 'messenger',
  label: 'Facebook Messenger (Download your information, JSON or HTML)',
  app: 'Messenger',
  fileTypes: META_FILE_TYPES,
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectMeta('facebook')(source),
  load: async () => ({ ...messengerDescriptor, ...(await import('./parse.js')).messengerParser }),
};
