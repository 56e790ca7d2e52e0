import { describe, expect, it } from 'vitest';
import { loadGapTexts } from '../../../src/case/gap-text.js';
import { type Gap, listGaps } from '../../../src/case/gaps.js';
import type { CaseFile } from '../../../src/model/case-schema.js';
import type { Exhibit } from '../../../src/model/exhibit.js';

const added = { source: 'clock', instant: '2026-11-30T09:00:00Z', precision: 'second' } as const;

function screenshot(number: number, extra: Partial<Exhibit> = {}): Exhibit {
  return {
    number,
    kind: 'image',
    isSensitive: false,
    addedAt: added,
    addedBy: 'test',
    files: [],
    times: [{ source: 'file-mtime', instant: '2026-11-20T20:00:00Z', precision: 'second' }],
    notes: [],
    ...extra,
  } as Exhibit;
}

function makeCase(exhibits: Exhibit[], facts: CaseFile['facts'] = {}): CaseFile {
  return {
    schemaVersion: 1,
    reference: 'PRV-20261130-TEST',
    createdAt: '2026-11-30T09:00:00Z',
    language: 'fr',
    timeZone: 'Europe/Paris',
    operator: { name: 'test' },
    nextExhibitNumber: exhibits.length + 1,
    exhibits,
    facts,
  };
}

const codes = (caseFile: CaseFile) => listGaps({ caseFile }).map((gap) => gap.code);

describe('listGaps', () => {
  it('three bare screenshots: the profile, the identifier, the receipt, the export, the dates, the representative', () => {
    const gaps = listGaps({ caseFile: makeCase([screenshot(1), screenshot(2), screenshot(3)]) });
    expect(gaps.map((gap) => gap.code)).toEqual([
      'author.profile',
      'author.identifier',
      'payment.receipt',
      'conversation.whole',
      'screenshot.date',
      'representative.details',
    ]);
    expect(gaps.find((gap) => gap.code === 'screenshot.date')?.exhibits).toEqual([
      'P1',
      'P2',
      'P3',
    ]);
  });

  it('a pseudonym alone is a contact name, not an identifier; a handle is one', () => {
    const pseudonym = makeCase([screenshot(1)], { authorIdentifiers: [{ pseudonym: 'Léa' }] });
    expect(codes(pseudonym)).toContain('author.identifier');
    const handle = makeCase([screenshot(1)], {
      authorIdentifiers: [{ platform: 'Instagram', handle: '@x.exemple', exhibits: ['P1'] }],
    });
    expect(codes(handle)).not.toContain('author.identifier');
    expect(codes(handle)).not.toContain('author.profile');
  });

  it('a paid coupon with no receipt and no code gives two essential gaps naming the payment (numbered among payments made, not demands)', () => {
    const gaps = listGaps({
      caseFile: makeCase([screenshot(1)], {
        payments: [
          { status: 'demanded', method: 'pcs', amount: 300 },
          { status: 'paid', method: 'pcs', amount: 50 },
        ],
      }),
    });
    expect(gaps.filter((gap) => gap.code.startsWith('payment.'))).toEqual([
      { code: 'payment.receipt', level: 'essential', payment: 1 },
      { code: 'payment.coupon-code', level: 'essential', payment: 1 },
    ]);
  });

  it('a finding read from a screenshot (a phone number, a date) counts as shown', () => {
    const caseFile = makeCase([screenshot(1)]);
    const gaps = listGaps({
      caseFile,
      findings: [
        { kind: 'phone', exhibitNumber: 1, value: '+33 6 00 00 00 42' },
        { kind: 'date', exhibitNumber: 1, value: '20/11/2026' },
      ],
    }).map((gap) => gap.code);
    expect(gaps).not.toContain('author.identifier');
    expect(gaps).not.toContain('screenshot.date');
  });

  it("asks for the child's account on each platform named, and the how-to follows the app", () => {
    const caseFile = makeCase([screenshot(1, { app: 'Snapchat' })], {
      platforms: [{ name: 'Instagram', victimAccount: '@moi' }],
    });
    const gaps = listGaps({ caseFile });
    const account = gaps.filter((gap) => gap.code === 'victim.account');
    expect(account).toEqual([
      { code: 'victim.account', level: 'useful', platform: 'Snapchat', app: 'snapchat' },
    ]);
    const profile = gaps.find((gap) => gap.code === 'author.profile')!;
    expect(profile.app).toBe('instagram');
    expect(loadGapTexts('fr').describe(profile).advice).toContain('Instagram');
    expect(loadGapTexts('en').describe(profile).advice).toContain('@username');
  });

  it('names where to answer in the family words, never a field name (victimAccount)', () => {
    for (const language of ['fr', 'en'] as const) {
      const texts = loadGapTexts(language);
      for (const code of [
        'author.identifier',
        'payment.receipt',
        'victim.account',
        'representative.details',
      ] as const) {
        const gap = {
          code,
          level: 'useful',
          platform: 'Instagram',
          payment: 1,
          missing: ['name'],
        } as const;
        const { advice } = texts.describe(gap as Gap);
        expect(advice, code).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\{[\w.]+\}|\(complainant\)/);
      }
    }
    expect(
      loadGapTexts('fr').describe({ code: 'victim.account', level: 'useful' } as Gap).advice,
    ).toContain("partie « L'enfant », son compte sur chaque plateforme");
  });

  it('every code has a French and an English text', () => {
    const gaps = listGaps({
      caseFile: makeCase([screenshot(1)], { payments: [{ status: 'paid', method: 'pcs' }] }),
    });
    for (const language of ['fr', 'en'] as const) {
      const texts = loadGapTexts(language);
      for (const gap of gaps) {
        const text = texts.describe(gap);
        expect(text.what).not.toMatch(/\{\w+\}/);
        expect(text.advice.length).toBeGreaterThan(20);
        // The family reads it: no field name of a facts file (victimAccount), no placeholder left.
        expect(text.advice, gap.code).not.toMatch(/\b[a-z]+[A-Z]\w*\b|\{[\w.]+\}/);
      }
    }
  });
});
