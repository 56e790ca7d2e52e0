import { describe, expect, it } from 'vitest';
import { listChatFormatIds } from '../../../src/app/chat-format-ids.js';
import { chatFormats } from '../../../src/chats/registry.js';

describe('listChatFormatIds', () => {
  it('names every format of the registry, in its order (add a new format to both)', () => {
    expect(listChatFormatIds()).toEqual(chatFormats.map((format) => format.id));
  });
});
