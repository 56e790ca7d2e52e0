import type { ChatFormatDescriptor } from '../../format.js';

/** Android "SMS Backup & Restore" XML backup (SMS and MMS). */
export const smsBackupDescriptor: ChatFormatDescriptor = {
  id: 'sms-backup',
  label: 'Android SMS Backup & Restore (.xml)',
  app: 'SMS',
  fileTypes: ['application/xml', 'text/plain', 'application/zip'],
  options: ['threads'],
  detect: async (source) => (await import('./detect.js')).detectSmsBackup(source),
  load: async () => ({ ...smsBackupDescriptor, ...(await import('./parse.js')).smsBackupParser }),
};
