import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../../src/dossier/letter/compose-letter.js';
import type { LetterBlock } from '../../../src/dossier/letter/letter-model.js';
import { loadLetterTemplates } from '../../../src/dossier/letter/render-letter.js';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';
import type { CaseFile } from '../../../src/model/case-schema.js';

function makeCase(facts: CaseFile['facts'], language: 'fr' | 'en' = 'fr'): CaseFile {
  return {
    schemaVersion: 1,
    reference: 'PRV-20261130-TEST',
    createdAt: '2026-11-30T09:00:00Z',
    language,
    timeZone: 'Europe/Paris',
    operator: { name: 'test' },
    nextExhibitNumber: 2,
    exhibits: [
      {
        number: 1,
        kind: 'image',
        description: 'Capture du profil',
        isSensitive: false,
        addedAt: { source: 'clock', instant: '2026-11-30T09:00:00Z', precision: 'second' },
        addedBy: 'test',
        files: [],
        times: [],
        notes: [],
      },
    ],
    facts,
  };
}

function textOf(blocks: readonly LetterBlock[]): string {
  return blocks
    .map((block) => {
      if (block.kind === 'lines') return block.lines.join('\n');
      if (block.kind === 'bullets') return block.items.join('\n');
      if (block.kind === 'table') return block.rows.map((row) => row.join(' | ')).join('\n');
      if (block.kind === 'heading' || block.kind === 'paragraph') return block.text;
      return '';
    })
    .join('\n');
}

async function compose(caseFile: CaseFile) {
  const letter = await loadLetterTemplates(caseFile.language);
  const texts = await loadDossierTexts(caseFile.language);
  return textOf(
    composeLetter({
      caseFile,
      fingerprint: 'ab'.repeat(32),
      asOf: '2026-11-30T09:00:00Z',
      letter,
      texts,
    }).blocks,
  );
}

describe('composeLetter', () => {
  it('with no facts at all: only blanks, a complaint against X, and the bordereau', async () => {
    const text = await compose(makeCase({}));
    expect(text).toContain('Je soussigné(e) ……, …… de ……, né(e) le ……');
    expect(text).toContain('Pour ces motifs, je dépose plainte contre X.');
    expect(text).toContain('P1 | Capture du profil | image');
    expect(text).toContain('Qualifications possibles, à apprécier par les enquêteurs');
    expect(text).not.toMatch(/\{\w+\}/);
  });

  it('writes the facts given, dates in the case zone, and the identifiers in the request', async () => {
    const text = await compose(
      makeCase({
        complainant: {
          name: 'Sophie Exemple',
          linkToVictim: 'mère',
          address: '1 rue de l’Exemple',
        },
        victim: { firstName: 'Léa', dateOfBirth: '2011-03-02' },
        firstContactDate: '2026-11-20T20:04:00Z',
        platforms: [{ name: 'Instagram' }],
        authorIdentifiers: [{ platform: 'Instagram', handle: '@x.exemple', exhibits: ['P1'] }],
        payments: [
          { status: 'paid', amount: 50, currency: 'EUR', method: 'pcs', couponCode: 'RECH 1' },
        ],
      }),
    );
    expect(text).toContain('Sophie Exemple, mère de Léa, né(e) le 02/03/2011');
    expect(text).toContain("Premier contact de l'auteur : 20/11/2026 à 21:04, sur Instagram.");
    expect(text).toContain('Instagram : @x.exemple — pièces P1');
    expect(text).toContain('…… : 50 EUR payés, coupon PCS (code : RECH 1).');
    expect(text).toContain('je dépose plainte contre X, qui a utilisé @x.exemple (Instagram)');
    expect(text).toContain('téléphone : ……');
  });

  it('is written in English for an English case', async () => {
    const text = await compose(makeCase({}, 'en'));
    expect(text).toContain('I file a complaint against X');
    expect(text).toContain('List of exhibits (bordereau)');
  });
});
