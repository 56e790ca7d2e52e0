import type { Attachment } from '../model/conversation.js';

/** How an attachment is found again: its path in the export, its place inside an entry, or its name. */
export function attachmentKey(attachment: Attachment): string {
  if (attachment.exportPath) return attachment.exportPath;
  if (attachment.embedded) return `${attachment.embedded.entryPath}#${attachment.embedded.ref}`;
  return attachment.name;
}
