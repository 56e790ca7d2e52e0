import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../model/atomic-write.js';
import { WIZARD_FILE } from '../../model/case-layout.js';

/** One answer as saved: text, a number, a yes/no, a list of choices, or null for "skipped". */
export type Answer = string | number | boolean | readonly string[] | null;

/**
 * The wizard's progress in the case folder (`wizard.json`): every answer by key, written as soon
 * as it is given, so that the wizard resumes at the first question without an answer.
 * Keys of repeated items carry their index: `author.0.platform`, `demand.1.amount`.
 */
export interface WizardProgress {
  readonly version: 1;
  /** The part of the wizard reached, for `preuve cases`. */
  stage: string;
  answers: Record<string, Answer>;
}

export function emptyProgress(): WizardProgress {
  return { version: 1, stage: 'start', answers: {} };
}

export async function readProgress(caseDir: string): Promise<WizardProgress> {
  try {
    const raw = JSON.parse(await readFile(join(caseDir, WIZARD_FILE), 'utf8')) as WizardProgress;
    if (raw?.version === 1 && raw.answers && typeof raw.answers === 'object') return raw;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError))
      throw error;
  }
  return emptyProgress();
}

export async function writeProgress(caseDir: string, progress: WizardProgress): Promise<void> {
  await writeFileAtomic(join(caseDir, WIZARD_FILE), `${JSON.stringify(progress, null, 2)}\n`);
}

/**
 * Asks each question once: an answer already saved (from this run or an earlier one) is returned
 * without asking; a new answer is saved before the wizard moves on.
 */
export class AnswerBook {
  constructor(
    readonly progress: WizardProgress,
    private readonly save: (progress: WizardProgress) => Promise<void>,
  ) {}

  has(key: string): boolean {
    return key in this.progress.answers;
  }

  get(key: string): Answer | undefined {
    return this.progress.answers[key];
  }

  async ask<T extends Answer>(key: string, question: () => Promise<T>): Promise<T> {
    if (this.has(key)) return this.progress.answers[key] as T;
    const answer = await question();
    await this.set(key, answer);
    return answer;
  }

  async set(key: string, answer: Answer): Promise<void> {
    this.progress.answers[key] = answer;
    await this.save(this.progress);
  }

  async setStage(stage: string): Promise<void> {
    if (this.progress.stage === stage) return;
    this.progress.stage = stage;
    await this.save(this.progress);
  }

  /** Forgets the answers under a prefix (`victim.`), to ask that part again. */
  async forget(prefix: string): Promise<void> {
    for (const key of Object.keys(this.progress.answers))
      if (key.startsWith(prefix)) delete this.progress.answers[key];
    await this.save(this.progress);
  }
}
