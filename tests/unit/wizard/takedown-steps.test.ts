import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../../src/cli/wizard/prompter.js';
import type { WizardSession } from '../../../src/cli/wizard/session.js';
import { AnswerBook, emptyProgress } from '../../../src/cli/wizard/state.js';
import { sayNextSteps } from '../../../src/cli/wizard/steps/review.js';
import { loadWizardText } from '../../../src/cli/wizard/text.js';
import type { CaseFile } from '../../../src/model/case-schema.js';
import { fixedClock } from '../../../src/model/clock.js';

function session(language: 'fr' | 'en') {
  const lines: string[] = [];
  const wizard = {
    prompter: { say: (line: string) => lines.push(line) } as unknown as Prompter,
    text: loadWizardText(language),
    book: new AnswerBook(emptyProgress(), async () => {}),
    today: () => DateTime.fromISO('2026-11-30', { zone: 'Europe/Paris' }),
    clock: fixedClock('2026-11-30T09:15:00Z'),
    signal: new AbortController().signal,
    progress: () => {},
    endProgress: () => {},
  } satisfies WizardSession;
  return { wizard, lines };
}

const built = {
  reference: 'PRV-20261130-3456',
  pdfPath: '/tmp/x/out/PRV-20261130-3456.pdf',
  zipPath: '/tmp/x/out/PRV-20261130-3456.zip',
  fingerprint: 'f'.repeat(64),
  pages: 12,
  zipSha256: 'a'.repeat(64),
  pdfSha256: 'b'.repeat(64),
  exhibitCount: 1,
  isEncrypted: false,
  isUnchanged: false,
  asOfSeq: 3,
};

function caseWith(facts: CaseFile['facts'], isSensitive = false): CaseFile {
  return {
    schemaVersion: 1,
    reference: built.reference,
    createdAt: '2026-11-30T09:00:00Z',
    language: 'fr',
    timeZone: 'Europe/Paris',
    operator: { name: 'test' },
    nextExhibitNumber: 2,
    exhibits: [
      {
        number: 1,
        kind: isSensitive ? 'sensitive' : 'image',
        isSensitive,
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

describe("the wizard's last screen and takedown", () => {
  it('names Take It Down and the 3018 when a threat of publication is recorded', () => {
    const { wizard, lines } = session('fr');
    sayNextSteps(wizard, built, caseWith({ threats: [{ description: 'Publier les images' }] }));
    const shown = lines.join('\n');
    expect(shown).toContain('Take It Down');
    expect(shown).toContain("l'image ne quitte jamais l'appareil");
    expect(shown).toContain('3018');
  });

  it('names them for an intimate image, in English too', () => {
    const { wizard, lines } = session('en');
    sayNextSteps(wizard, built, caseWith({}, true));
    expect(lines.join('\n')).toContain('the image never leaves the device');
  });

  it('says nothing of takedown with neither; points to the letter when there is one', () => {
    const { wizard, lines } = session('fr');
    sayNextSteps(wizard, { ...built, letterPath: '/tmp/x/out/l-lettre.pdf' }, caseWith({}));
    const shown = lines.join('\n');
    expect(shown).not.toContain('Take It Down');
    expect(shown).toContain('La lettre de plainte au procureur est prête');
  });
});
