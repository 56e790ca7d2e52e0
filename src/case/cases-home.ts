import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CASE_FILE, casePaths, WIZARD_FILE } from '../model/case-layout.js';
import { PreuveError } from '../model/errors.js';
import type { Message } from '../model/messages.js';
import { loadCase } from './store.js';

/** Where the wizard keeps cases: PREUVE_HOME, else ~/preuve-dossiers. One folder per case. */
export function defaultCasesHome(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  return resolve(env.PREUVE_HOME?.trim() || join(home, 'preuve-dossiers'));
}

/** What `preuve cases` and the wizard's "resume" list show about one case. */
export interface CaseSummary {
  readonly caseDir: string;
  readonly reference?: string;
  /** The victim's first name as entered, to recognise the case. */
  readonly victimName?: string;
  readonly operator?: string;
  readonly exhibitCount: number;
  readonly sensitiveCount: number;
  /** Everything held back from the copies: intimate images and the attachments kept out of chats. */
  readonly withheldCount: number;
  /** The case's language, so that listings speak it. */
  readonly language?: 'fr' | 'en';
  /** out/ holds a PDF or a ZIP. */
  readonly isBuilt: boolean;
  /** The latest change to case.json, the custody log or the wizard's answers. */
  readonly lastChange: Date;
  /** The wizard's stage, when the case was made with the wizard. */
  readonly wizardStage?: string;
  /** Why the case could not be read, when it could not (English; `problemDetail` in any language). */
  readonly problem?: string;
  readonly problemDetail?: Message;
}

/** The cases directly under `home`, most recently changed first. A missing home holds none. */
export async function listCases(home: string): Promise<CaseSummary[]> {
  const names = await readdir(home).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const summaries: CaseSummary[] = [];
  for (const name of names) {
    const caseDir = join(home, name);
    const hasCaseFile = await stat(join(caseDir, CASE_FILE)).then(
      (info) => info.isFile(),
      () => false,
    );
    if (hasCaseFile) summaries.push(await summariseCase(caseDir));
  }
  return summaries.sort((a, b) => b.lastChange.getTime() - a.lastChange.getTime());
}

export async function summariseCase(caseDir: string): Promise<CaseSummary> {
  const paths = casePaths(caseDir);
  const times = await Promise.all(
    [paths.caseFile, paths.custodyFile, join(caseDir, WIZARD_FILE)].map((path) =>
      stat(path).then(
        (info) => info.mtimeMs,
        () => 0,
      ),
    ),
  );
  const lastChange = new Date(Math.max(...times));
  const outNames = await readdir(paths.outDir).catch(() => [] as string[]);
  const isBuilt = outNames.some((name) => /\.(pdf|zip)$/i.test(name));
  const wizardStage = await readFile(join(caseDir, WIZARD_FILE), 'utf8').then(
    (text) => (JSON.parse(text) as { stage?: unknown }).stage,
    () => undefined,
  );
  const stage = typeof wizardStage === 'string' ? { wizardStage } : {};
  try {
    const caseFile = await loadCase(caseDir);
    const victim = (caseFile.facts as { victim?: { firstName?: unknown } }).victim;
    return {
      caseDir,
      reference: caseFile.reference,
      ...(typeof victim?.firstName === 'string' ? { victimName: victim.firstName } : {}),
      operator: caseFile.operator.name,
      exhibitCount: caseFile.exhibits.length,
      sensitiveCount: caseFile.exhibits.filter((exhibit) => exhibit.isSensitive).length,
      withheldCount: caseFile.exhibits.reduce(
        (count, exhibit) =>
          count +
          (exhibit.isSensitive ? 1 : exhibit.files.filter((file) => file.isExcluded).length),
        0,
      ),
      language: caseFile.language,
      isBuilt,
      lastChange,
      ...stage,
    };
  } catch (error) {
    if (!(error instanceof PreuveError)) throw error;
    return {
      caseDir,
      exhibitCount: 0,
      sensitiveCount: 0,
      withheldCount: 0,
      isBuilt,
      lastChange,
      ...stage,
      problem: error.message,
      problemDetail: error.detail,
    };
  }
}
