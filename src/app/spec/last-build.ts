import { hashFile } from '../../evidence/hash.js';
import type { CaseSession } from '../../model/case-session.js';
import { readCustodyLines } from '../../model/custody.js';

/**
 * True when the last custody lines are builds (no evidence action since) and one of them wrote
 * `zipPath` with the bytes it still has: a new build would hold the same content.
 */
export async function isSameAsLastBuild(session: CaseSession, zipPath: string): Promise<boolean> {
  const entries = (await readCustodyLines(session.paths.custodyFile)).map(
    (line) => JSON.parse(line) as { action: string; details: Record<string, unknown> },
  );
  const builds: Record<string, unknown>[] = [];
  for (let index = entries.length - 1; index >= 0 && entries[index]!.action === 'build'; index -= 1)
    builds.push(entries[index]!.details);
  const recorded = builds.find((details) => details.zip === zipPath);
  if (!recorded) return false;
  try {
    return (await hashFile(zipPath)).sha256 === recorded.zipSha256;
  } catch {
    return false;
  }
}
