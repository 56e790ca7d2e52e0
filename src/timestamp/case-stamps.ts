import type { StoredTimestamp } from '../dossier/build.js';

/** Timestamps stored in the case's timestamps/ folder (filled in by `preuve stamp`). */
export async function loadStoredTimestamps(_caseDir: string): Promise<StoredTimestamp[]> {
  return [];
}
