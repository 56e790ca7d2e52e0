import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';

function keysOf(node: unknown, prefix = ''): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, value]) =>
    keysOf(value, prefix ? `${prefix}.${key}` : key),
  );
}

describe('dossier templates', () => {
  it('has the same keys in French and English', async () => {
    const [fr, en] = await Promise.all(
      ['fr', 'en'].map(async (l) =>
        JSON.parse(await readFile(`templates/${l}/dossier.json`, 'utf8')),
      ),
    );
    expect(keysOf(en).sort()).toEqual(keysOf(fr).sort());
  });

  it('lists the same offences and channels in both languages, all as plain strings', async () => {
    const [fr, en] = await Promise.all([loadDossierTexts('fr'), loadDossierTexts('en')]);
    expect(en.offences.items.map((o) => o.article)).toEqual(
      fr.offences.items.map((o) => o.article),
    );
    expect(en.whereToTurn.items).toHaveLength(fr.whereToTurn.items.length);
    for (const texts of [fr, en]) {
      expect(texts.offences.intro).toBeTypeOf('string');
      for (const item of texts.whereToTurn.items) {
        for (const value of Object.values(item)) expect(value).toBeTypeOf('string');
      }
      for (const advice of texts.whereToTurn.advice) expect(advice).toBeTypeOf('string');
    }
    expect(fr.offences.intro).toContain('à apprécier par les enquêteurs');
  });

  it('fills placeholders and names a missing key', async () => {
    const fr = await loadDossierTexts('fr');
    expect(fr.t('common.page', { n: 3, total: 12 })).toBe('page 3 / 12');
    expect(() => fr.t('common.nope')).toThrow(/templates\/fr\/dossier.json has no "common.nope"/);
  });
});
