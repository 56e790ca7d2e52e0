import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogue, renderMessage } from '../../../src/model/messages.js';

const SRC = resolve(import.meta.dirname, '../../../src');
/** Folders whose `{ code: '…' }` literals are catalogue codes (error codes live elsewhere). */
const SPEAKING = ['chats', 'dossier', 'model', 'timestamp', 'evidence'];

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Code literals and the fixed start of template-literal codes (`order.${order}` → `order.`). */
function codesUsed(): { exact: string[]; prefixes: string[] } {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const folder of SPEAKING) {
    // Error codes (model/errors.ts) are stable identifiers for scripts, not catalogue codes.
    for (const file of listSources(join(SRC, folder)).filter((f) => !f.endsWith('errors.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/code:\s*'([a-z][\w.-]*)'/g)) exact.add(match[1]!);
      for (const match of text.matchAll(/code:\s*`([a-z][\w.-]*)\$\{/g)) prefixes.add(match[1]!);
    }
  }
  return { exact: [...exact], prefixes: [...prefixes] };
}

const fr = readCatalogue('fr');
const en = readCatalogue('en');

describe('the message catalogue (templates/<lang>/messages.json)', () => {
  it('has a French and an English text for every code, with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    // `{count}` and `{count, plural, one {…} other {…}}` both use the parameter `count`.
    const placeholders = (text: string) =>
      [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
    for (const code of Object.keys(en)) {
      expect(fr[code]!.trim(), code).not.toBe('');
      expect(placeholders(fr[code]!), code).toEqual(placeholders(en[code]!));
    }
  });

  it('knows every code the core and the parsers use', () => {
    const { exact, prefixes } = codesUsed();
    expect(exact.length).toBeGreaterThan(10);
    expect(exact.filter((code) => !(code in en))).toEqual([]);
    expect(
      prefixes.filter((prefix) => !Object.keys(en).some((code) => code.startsWith(prefix))),
    ).toEqual([]);
  });

  it('renders parameters, nested messages and lists in the asked language', () => {
    const message = {
      code: 'whatsapp.dateOrder.decision',
      params: { order: { code: 'order.dmy' } },
    };
    expect(renderMessage('fr', message)).toBe('dates lues comme jour/mois/année');
    expect(renderMessage('en', message)).toBe('dates read as day/month/year');
    expect(
      renderMessage('en', {
        code: 'whatsapp.mixedFormats.decision',
        params: {
          count: 2,
          formats: [
            { code: 'whatsapp.mixedFormats.part', params: { format: 'A', count: 3, line: 1 } },
            { code: 'whatsapp.mixedFormats.part', params: { format: 'B', count: 2, line: 9 } },
          ],
        },
      }),
    ).toBe(
      '2 date formats in one file, each read on its own: A (3 messages from line 1); B (2 messages from line 9)',
    );
  });
});
