import { type CaseSummary, defaultCasesHome, listCases } from '../case/cases-home.js';

export type { CaseSummary } from '../case/cases-home.js';

export interface ListCasesRequest {
  /** The folder to look in; default PREUVE_HOME, or ~/preuve-dossiers. */
  readonly home?: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface ListCasesResult {
  readonly home: string;
  readonly cases: readonly CaseSummary[];
}

/** `preuve cases`: the cases of a folder and their state. */
export async function listCasesOfHome(request: ListCasesRequest): Promise<ListCasesResult> {
  const home = request.home ?? defaultCasesHome(request.env);
  return { home, cases: await listCases(home) };
}
export { defaultCasesHome } from '../case/cases-home.js';
