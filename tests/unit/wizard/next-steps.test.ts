import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../../src/app/build.js';
import type { Prompter } from '../../../src/cli/wizard/prompter.js';
import type { WizardSession } from '../../../src/cli/wizard/session.js';
import { AnswerBook, emptyProgress } from '../../../src/cli/wizard/state.js';
import { sayNextSteps } from '../../../src/cli/wizard/steps/review.js';
import { loadWizardText } from '../../../src/cli/wizard/text.js';
import { fixedClock } from '../../../src/model/clock.js';

function sessionWith(answers: Record<string, string | number>, language: 'fr' | 'en') {
  const lines: string[] = [];
  const progress = emptyProgress();
  Object.assign(progress.answers, answers);
  const session = {
    prompter: { say: (line: string) => lines.push(line) } as unknown as Prompter,
    text: loadWizardText(language),
    book: new AnswerBook(progress, async () => {}),
    today: () => DateTime.fromISO('2026-11-30', { zone: 'Europe/Paris' }),
    clock: fixedClock('2026-11-30T09:15:00Z'),
    signal: new AbortController().signal,
    progress: () => {},
    endProgress: () => {},
  } satisfies WizardSession;
  return { session, lines };
}

const built: BuildResult = {
  reference: 'PRV-20261130-3456',
  pdfPath: '/home/sophie/preuve-dossiers/PRV-20261130-3456/out/PRV-20261130-3456.pdf',
  zipPath: '/home/sophie/preuve-dossiers/PRV-20261130-3456/out/PRV-20261130-3456.zip',
  fingerprint: 'f'.repeat(64),
  pages: 12,
  zipSha256: 'a'.repeat(64),
  pdfSha256: 'b'.repeat(64),
  exhibitCount: 3,
  isEncrypted: false,
  isUnchanged: false,
  asOfSeq: 7,
};

describe('after the build', () => {
  it('says where the files are, where to go and what to bring for a minor', () => {
    const { session, lines } = sessionWith(
      { 'victim.age': 15, 'recipient.kind': 'gendarmerie', 'demand.0.status': 'paid' },
      'fr',
    );
    sayNextSteps(session, built);
    const shown = lines.join('\n');
    expect(shown).toContain(`À lire et à imprimer : ${built.pdfPath}`);
    expect(shown).toContain(`sur une clé USB) : ${built.zipPath}`);
    expect(shown).toContain('Allez à la gendarmerie avec le dossier');
    expect(shown).toContain(
      "la pièce d'identité du parent ou du tuteur qui porte plainte, le téléphone de l'enfant",
    );
    expect(shown).toContain('ne payez plus rien, gardez tous les reçus');
    expect(shown).toContain('pas une main courante');
    expect(shown).not.toMatch(/SHA|BagIt|JSON|RFC/);
  });

  it('sends to the nearest station when the family does not know, in English', () => {
    const { session, lines } = sessionWith({ 'victim.age': 19 }, 'en');
    sayNextSteps(session, built);
    const shown = lines.join('\n');
    expect(shown).toContain('go to the nearest police station or gendarmerie');
    expect(shown).toContain('Bring: your ID, the phone (delete nothing)');
    expect(shown).not.toContain('tell your bank');
  });
});
