import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { casePaths, FILE_MODE } from '../model/case-layout.js';
import { CaseLockedError } from '../model/errors.js';

interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly command: string;
}

/** A held lock on a case folder. `release()` is idempotent. */
export interface CaseLock {
  readonly lockFile: string;
  /** A lock left by a process that no longer runs was taken over. */
  readonly tookOverStale?: LockInfo;
  release(): Promise<void>;
}

/**
 * Takes the case's lock file (created exclusively). Another live preuve process on this machine
 * holding it → CaseLockedError naming it. A lock left by a dead process is taken over.
 */
export async function acquireCaseLock(
  caseDir: string,
  command: string,
  now: Date,
): Promise<CaseLock> {
  const { lockFile } = casePaths(caseDir);
  const info: LockInfo = { pid: process.pid, host: hostname(), since: now.toISOString(), command };
  let tookOverStale: LockInfo | undefined;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockFile, `${JSON.stringify(info)}\n`, { flag: 'wx', mode: FILE_MODE });
      let released = false;
      return {
        lockFile,
        ...(tookOverStale ? { tookOverStale } : {}),
        release: async () => {
          if (released) return;
          released = true;
          await rm(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLockInfo(lockFile);
      if (holder && isAlive(holder)) {
        throw new CaseLockedError({
          code: 'error.case.lock.caseUseAnother',
          params: {
            caseDir,
            command: holder.command,
            pid: holder.pid,
            host: holder.host,
            since: holder.since,
            lockFile,
          },
        });
      }
      tookOverStale = holder;
      await rm(lockFile, { force: true });
    }
  }
  throw new CaseLockedError({
    code: 'error.case.lock.lockCaseAnother',
    params: { caseDir, lockFile },
  });
}

async function readLockInfo(lockFile: string): Promise<LockInfo | undefined> {
  try {
    return JSON.parse(await readFile(lockFile, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** A lock from another machine (shared folder) is treated as alive: we cannot check it. */
function isAlive(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
