import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FactsSchema } from '../../../src/model/facts.js';
import { FULL_FACTS } from '../../fixtures/dossier/synthetic-case.js';

describe('FactsSchema', () => {
  it('accepts examples/facts.yaml', async () => {
    const parsed = FactsSchema.parse(parse(await readFile('examples/facts.yaml', 'utf8')));
    expect(parsed.payments?.[1]).toMatchObject({
      status: 'paid',
      method: 'pcs',
      couponCode: 'RECH 0000 1111 2222',
    });
    expect(parsed.authorIdentifiers?.[0]?.exhibits).toEqual(['P1', 'P2']);
  });

  it('accepts no facts at all: missing facts are not an error', () => {
    expect(FactsSchema.parse({})).toEqual({});
    expect(FactsSchema.parse({ victim: {} })).toEqual({ victim: {} });
  });

  it('accepts the synthetic case facts', () => {
    expect(FactsSchema.safeParse(FULL_FACTS).success).toBe(true);
  });

  it('names a misspelt field instead of dropping it', () => {
    const result = FactsSchema.safeParse({ victm: { firstName: 'Camille' } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('victm');
  });

  it('rejects a bad date and a bad exhibit reference', () => {
    expect(FactsSchema.safeParse({ firstContactDate: '20/11/2026' }).success).toBe(false);
    expect(FactsSchema.safeParse({ threats: [{ exhibits: ['3'] }] }).success).toBe(false);
    expect(FactsSchema.safeParse({ payments: [{ status: 'maybe' }] }).success).toBe(false);
  });
});
