import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';

/** Every visible string of a language's dossier templates, `_source` notes left out. */
async function visibleText(language: 'fr' | 'en'): Promise<string> {
  const texts = await loadDossierTexts(language);
  const json = JSON.parse(await readFile(`templates/${language}/dossier.json`, 'utf8'));
  const strings: string[] = [];
  const walk = (node: unknown, key = ''): void => {
    if (key.startsWith('_')) return;
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(json);
  const { offences, whereToTurn } = texts;
  for (const o of offences.items) strings.push(o.article, o.name, o.text);
  strings.push(offences.intro, ...whereToTurn.advice);
  for (const c of whereToTurn.items) strings.push(c.channel, c.for, c.conditions);
  return strings.join('\n');
}

describe('the law and wording in the dossier (issue 17, FRANCE.md)', () => {
  it('French: who may file, the articles, the caveats and the careful words', async () => {
    const text = await visibleText('fr');
    expect(text).toContain('Un mineur peut porter plainte seul ou accompagné');
    expect(text).toContain('ses parents peuvent aussi porter plainte en son nom');
    expect(text).not.toContain('ne peut pas porter plainte seul');
    expect(text).toContain("« y compris si cette incitation n'est pas suivie d'effet »");
    expect(text).toMatch(/art\. 312-10[\s\S]*loi SREN du 21 mai 2024[\s\S]*art\. 112-1/);
    expect(text).toMatch(/art\. 226-8-1[\s\S]*ne s'applique pas à des faits antérieurs/);
    expect(text).toContain('art. 312-11');
    expect(text).toContain('art. 226-2-1');
    expect(text).toContain('Horodatage RFC 3161 par un tiers');
    expect(text).not.toMatch(/[Hh]orodatages? qualifiés?/);
    expect(text).not.toContain('commencement de preuve');
    expect(text).toContain('art. 427 du Code de procédure pénale');
    expect(text).not.toContain('depuis leur collecte');
    expect(text).toContain('horodatée par un tiers ou relevée par les enquêteurs');
    expect(text).toContain("elle reste sur l'appareil, à la disposition des enquêteurs");
    expect(text).not.toContain('est une infraction (art. 227-23 du Code pénal), même pour');
    expect(text).toContain('pas une main courante');
    expect(text).toContain("l'émetteur du coupon");
    expect(text).toContain("la plateforme d'échange");
  });

  it('English says the same', async () => {
    const text = await visibleText('en');
    expect(text).toContain('A minor may file alone or accompanied');
    expect(text).not.toContain('cannot file a complaint alone');
    expect(text).toContain("« y compris si cette incitation n'est pas suivie d'effet »");
    expect(text).toContain('art. 312-11');
    expect(text).toContain('art. 226-2-1');
    expect(text).toContain('RFC 3161 timestamp by a third party');
    expect(text).not.toMatch(/[Tt]rusted timestamp/);
    expect(text).not.toContain('beginning of proof');
    expect(text).toContain('art. 427');
    expect(text).toContain('not a main courante');
    expect(text).toContain('it stays on the device for the investigators');
  });

  it('every template text with a legal claim carries its source', async () => {
    for (const language of ['fr', 'en'] as const) {
      const json = JSON.parse(await readFile(`templates/${language}/dossier.json`, 'utf8'));
      for (const section of ['cover', 'exhibits', 'method', 'payments'])
        expect(Object.keys(json[section]._sources).length).toBeGreaterThan(0);
      const yaml = await readFile(`templates/${language}/offences.yaml`, 'utf8');
      expect(yaml.match(/# Sources?\s?:/g)?.length).toBeGreaterThanOrEqual(8);
    }
  });
});
