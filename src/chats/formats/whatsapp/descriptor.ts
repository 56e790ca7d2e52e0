import type { ChatFormatDescriptor } from '../../format.js';

/** WhatsApp "Export chat", Android and iPhone, every locale, as `.txt`, `.zip` or folder. */
export const whatsappDescriptor: ChatFormatDescriptor = {
  id: 'whatsapp',
  label: 'WhatsApp (Android/iPhone .txt export)',
  app: 'WhatsApp',
  fileTypes: ['text/plain', 'application/zip'],
  options: ['dateOrder'],
  detect: async (source) => (await import('./detect.js')).detectWhatsApp(source),
  load: async () => ({ ...whatsappDescriptor, ...(await import('./parse.js')).whatsappParser }),
};
