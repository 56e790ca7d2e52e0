import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assembleDossier,
  collectConversationExtras,
  declaredTime,
} from '../../../src/dossier/assemble.js';
import { computeFingerprint } from '../../../src/model/fingerprint.js';
import { buildSyntheticCase, GENERATED_AT } from '../../fixtures/dossier/synthetic-case.js';

async function sampleInput() {
  const sample = await buildSyntheticCase(await mkdtemp(join(tmpdir(), 'preuve-assemble-')));
  return {
    sample,
    input: {
      caseFile: sample.caseFile,
      custody: sample.custody,
      fingerprint: computeFingerprint(sample.caseFile.exhibits),
      generatedAt: GENERATED_AT,
      toolVersion: '0.1.0',
      machine: { os: 'Linux', node: '20.20.0' },
    },
  };
}

describe('declaredTime', () => {
  it('reads a local time in the case zone, never the machine zone', () => {
    // Tests run with TZ=America/New_York.
    expect(declaredTime('2026-11-20T21:02', 'Europe/Paris')).toMatchObject({
      source: 'declared',
      wallClock: '2026-11-20T21:02',
      zone: 'Europe/Paris',
      isZoneAssumed: true,
      instant: '2026-11-20T20:02:00Z',
      precision: 'minute',
    });
    expect(declaredTime('2026-07-01', 'Europe/Paris')).toMatchObject({
      instant: '2026-06-30T22:00:00Z',
      precision: 'day',
    });
  });

  it('keeps an instant with an offset exact', () => {
    expect(declaredTime('2026-11-20T21:02:00+01:00', 'America/New_York')).toMatchObject({
      instant: '2026-11-20T20:02:00Z',
      offset: '+01:00',
    });
  });
});

describe('assembleDossier', () => {
  it('is pure: the same input gives the same model', async () => {
    const { input } = await sampleInput();
    expect(assembleDossier(input)).toEqual(assembleDossier(input));
  });

  it('counts exhibits and merges a sorted chronology with sources', async () => {
    const { sample, input } = await sampleInput();
    const extras = await collectConversationExtras(
      sample.caseFile.exhibits,
      sample.readers.readHeader,
      sample.readers.readMessages,
    );
    const model = assembleDossier({ ...input, ...extras });
    expect(model.counts).toMatchObject({
      exhibits: 9,
      sensitive: 2,
      conversations: 1,
      messages: 40,
      images: 5,
    });
    expect(model.generatedAt).toMatchObject({
      instant: GENERATED_AT,
      zone: 'Europe/Paris',
      offset: '+01:00',
      source: 'clock',
    });
    const instants = model.chronology.map((e) => e.time.instant).filter(Boolean) as string[];
    expect(instants).toEqual([...instants].sort((a, b) => Date.parse(a) - Date.parse(b)));
    const kinds = model.chronology.map((e) => e.kind);
    for (const kind of [
      'first-contact',
      'threat',
      'demand',
      'payment',
      'step',
      'author-first-seen',
      'exhibit-time',
      'conversation-first',
      'conversation-last',
      'highlight',
    ]) {
      expect(kinds).toContain(kind);
    }
    const highlight = model.chronology.find((e) => e.kind === 'highlight');
    expect(highlight).toMatchObject({ exhibitNumber: 2, seq: 6, time: { source: 'export' } });
    expect(highlight?.quote).toContain('300 €');
    expect(model.payments.map((p) => p.status)).toEqual(['demanded', 'paid']);
  });

  it('accepts a case without any fact', async () => {
    const { input } = await sampleInput();
    const model = assembleDossier({ ...input, caseFile: { ...input.caseFile, facts: {} } });
    expect(model.authorIdentifiers).toEqual([]);
    expect(model.payments).toEqual([]);
    expect(model.chronology.every((e) => e.kind === 'exhibit-time')).toBe(true);
  });
});
