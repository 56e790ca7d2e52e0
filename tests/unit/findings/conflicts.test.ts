import { describe, expect, it } from 'vitest';
import { findConflicts } from '../../../src/findings/conflicts.js';
import type { Finding } from '../../../src/model/findings.js';

const finding = (kind: Finding['kind'], normalized: string, detail?: string): Finding => ({
  id: 'F1',
  kind,
  normalized,
  validity: 'unverified',
  ...(detail ? { detail } : {}),
  occurrences: [{ place: { exhibit: 'P2', message: 4 }, value: normalized }],
});

describe('findConflicts', () => {
  it('flags a typed author number in no exhibit while another number is', () => {
    const conflicts = findConflicts(
      [{ phone: '06 00 00 00 98' }],
      [],
      [finding('phone', '+33600000012')],
      'FR',
    );
    expect(conflicts).toEqual([
      {
        code: 'author-phone-not-in-evidence',
        declared: '06 00 00 00 98',
        evidence: ['+33600000012'],
      },
    ]);
  });

  it('does not flag a typed number the evidence shows, written otherwise', () => {
    expect(
      findConflicts([{ phone: '+33 6 00 00 00 12' }], [], [finding('phone', '+33600000012')], 'FR'),
    ).toEqual([]);
  });

  it('flags an amount and a method the messages do not state', () => {
    const conflicts = findConflicts(
      [],
      [{ amount: 200, currency: 'EUR', method: 'transcash', status: 'demanded' }],
      [finding('amount', '300 EUR', 'EUR'), finding('demand', 'paye 300€ en coupons pcs ou')],
      'FR',
    );
    expect(conflicts.map((c) => c.code)).toEqual([
      'amount-not-in-evidence',
      'method-not-in-evidence',
    ]);
  });
});
