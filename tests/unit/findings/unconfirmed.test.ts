import { describe, expect, it } from 'vitest';
import { selectUnconfirmedFindings } from '../../../src/app/findings-unconfirmed.js';
import type { Exhibit } from '../../../src/model/exhibit.js';
import type { Finding } from '../../../src/model/findings.js';

const exhibit = (number: number, overrides: Partial<Exhibit> = {}): Exhibit => ({
  number,
  kind: 'image',
  isSensitive: false,
  addedAt: { source: 'clock', precision: 'second', instant: '2026-11-30T09:15:00Z' },
  addedBy: 'test',
  files: [],
  times: [],
  notes: [],
  ...overrides,
});

const finding = (
  id: string,
  kind: Finding['kind'],
  normalized: string,
  places: Finding['occurrences'][number]['place'][],
): Finding => ({
  id,
  kind,
  normalized,
  validity: 'unverified',
  occurrences: places.map((place) => ({ place, value: normalized })),
});

const image = { x: 0, y: 0, width: 10, height: 10 };

describe('selectUnconfirmedFindings (the annex of elements not confirmed)', () => {
  const exhibits = [
    exhibit(1),
    exhibit(2, { kind: 'conversation', highlights: [{ seq: 6 }] }),
    exhibit(3, { kind: 'sensitive', isSensitive: true }),
  ];
  const findings = [
    finding('F1', 'phone', '+33600000099', [{ exhibit: 'P1', region: image }]),
    finding('F2', 'iban', 'FR7630006000011234567890189', [{ exhibit: 'P1', region: image }]),
    finding('F3', 'threat', 'tout le monde la verra', [{ exhibit: 'P2', message: 7 }]),
    finding('F4', 'threat', 'ils vont tous la recevoir', [{ exhibit: 'P1', region: image }]),
    finding('F5', 'phone', '+33600000077', [{ exhibit: 'P3', region: image }]),
    finding('F6', 'amount', '50 EUR', [{ exhibit: 'P2', message: 10 }]),
  ];

  it('keeps what the facts and the highlights do not hold, and nothing from a sensitive exhibit', () => {
    const unconfirmed = selectUnconfirmedFindings(
      findings,
      {
        authorIdentifiers: [{ phone: '+33 6 00 00 00 99' }],
        payments: [{ amount: 50, currency: 'EUR' }],
      },
      exhibits,
      'FR',
    );
    expect(unconfirmed.map((f) => f.id)).toEqual(['F2', 'F4']);
  });

  it('drops a sensitive place from a finding also read elsewhere', () => {
    const both = finding('F7', 'handle', '@x', [
      { exhibit: 'P3', region: image },
      { exhibit: 'P1', region: image },
    ]);
    const [kept] = selectUnconfirmedFindings([both], {}, exhibits, 'FR');
    expect(kept?.occurrences.map((o) => o.place.exhibit)).toEqual(['P1']);
  });
});
