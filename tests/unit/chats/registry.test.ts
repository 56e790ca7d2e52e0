import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatFormats } from '../../../src/chats/registry.js';
import { readCatalogue } from '../../../src/model/messages.js';

const SRC = resolve(import.meta.dirname, '../../../src');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the chat-format registry', () => {
  it('lists formats that describe themselves: id, app, label, file types', () => {
    const ids = chatFormats.map((format) => format.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const format of chatFormats) {
      expect(format.app.trim(), format.id).not.toBe('');
      expect(format.label.trim(), format.id).not.toBe('');
      expect(format.fileTypes.length, format.id).toBeGreaterThan(0);
    }
  });

  it('names each format to the user in French and in English (chat.format.<id>; English = its label)', () => {
    const fr = readCatalogue('fr');
    const en = readCatalogue('en');
    for (const format of chatFormats) {
      expect(en[`chat.format.${format.id}`], format.id).toBe(format.label);
      expect(fr[`chat.format.${format.id}`]?.trim(), format.id).toBeTruthy();
    }
  });

  it('is the only place intake, the findings and the PDF learn about a format (no id named there)', () => {
    // 'email' is also an exhibit kind (a plain .eml file), which intake may name.
    const ids = chatFormats.map((format) => format.id).filter((id) => id !== 'email');
    const folders = ['app', 'evidence', 'chats', 'findings', 'dossier', 'bagit', 'verify'];
    const isOutsideFormats = (file: string) =>
      // A format's own folder names it; so does the demo, for its bundled export's folder.
      !/\/chats\/formats\/[^/]+\//.test(file) && !file.endsWith('/app/demo.ts');
    const naming = folders.flatMap((folder) =>
      listSources(join(SRC, folder))
        .filter(isOutsideFormats)
        .flatMap((file) => {
          const text = readFileSync(file, 'utf8');
          return ids
            .filter((id) => new RegExp(`['"\`]${id}['"\`]`).test(text))
            .map((id) => `${file.slice(SRC.length + 1)}: '${id}'`);
        }),
    );
    expect(naming).toEqual([]);
  });
});
