import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleDossier, collectConversationExtras } from '../../../src/dossier/assemble.js';
import { renderDossierPdf } from '../../../src/dossier/pdf/render.js';
import { computeFingerprint } from '../../../src/model/fingerprint.js';
import {
  buildSyntheticCase,
  GENERATED_AT,
  type SyntheticCase,
} from '../../fixtures/dossier/synthetic-case.js';

export interface RenderedSample {
  readonly dir: string;
  readonly pdf: string;
  readonly pages: number;
  readonly sample: SyntheticCase;
}

/** Builds the synthetic case in a temporary folder and renders its dossier. */
export async function renderSample(
  language: 'fr' | 'en',
  options: { messageCount?: number; dir?: string } = {},
): Promise<RenderedSample> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `preuve-dossier-${language}-`)));
  const sample = await buildSyntheticCase(dir, { language, messageCount: options.messageCount });
  const extras = await collectConversationExtras(
    sample.caseFile.exhibits,
    sample.readers.readHeader,
    sample.readers.readMessages,
  );
  const model = assembleDossier({
    ...extras,
    caseFile: sample.caseFile,
    custody: sample.custody,
    fingerprint: computeFingerprint(sample.caseFile.exhibits),
    generatedAt: GENERATED_AT,
    toolVersion: '0.1.0',
    machine: { os: 'Linux 6.1 x64', node: '20.20.0' },
  });
  const pdf = join(dir, `${sample.caseFile.reference}.pdf`);
  const { pages } = await renderDossierPdf(model, { outFile: pdf, ...sample.readers });
  return { dir, pdf, pages, sample };
}

export function pdftotext(pdf: string, args: string[] = []): string {
  return execFileSync('pdftotext', [...args, pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Whitespace removed: wrapped lines and cut words compare equal to the source text. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
