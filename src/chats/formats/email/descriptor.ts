import type { ChatFormatDescriptor } from '../../format.js';

/** E-mails saved as `.eml` (one, or several in a folder or ZIP), taken in as `email` exhibits. */
export const emailDescriptor: ChatFormatDescriptor = {
  id: 'email',
  label: 'E-mail (.eml)',
  app: 'E-mail',
  fileTypes: ['message/rfc822', 'text/plain', 'application/zip'],
  exhibitKind: 'email',
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectEmail(source),
  load: async () => ({ ...emailDescriptor, ...(await import('./parse.js')).emailParser }),
};
