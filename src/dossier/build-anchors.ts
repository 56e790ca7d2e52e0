import { type CustodyEntry, custodySeal, readCustodyLines } from '../model/custody.js';

/**
 * What a build line records besides its own dossier, so that the dossiers anchor the log: the seal
 * of the entries the dossier covers (SHA-256 of the last one, which chains to all before it) and the
 * fingerprint of the dossier built before. A log rewritten after a dossier was handed over then no
 * longer matches that dossier's fingerprint (`preuve verify --expect`).
 */
export async function readBuildAnchors(
  custodyFile: string,
  coveredEntries: number,
): Promise<{
  readonly previousFingerprint: string | null;
  readonly custodySeal: { readonly entry: number; readonly sha256: string };
}> {
  const lines = await readCustodyLines(custodyFile);
  const builds = lines
    .map((line) => JSON.parse(line) as CustodyEntry)
    .filter((entry) => entry.action === 'build');
  const previous = builds.at(-1)?.details as { fingerprint?: string } | undefined;
  return {
    previousFingerprint: previous?.fingerprint ?? null,
    custodySeal: { entry: coveredEntries, sha256: custodySeal(lines, coveredEntries) ?? '' },
  };
}
