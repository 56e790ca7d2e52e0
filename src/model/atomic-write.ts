import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FILE_MODE } from './case-layout.js';
import { reachFaultPoint } from './fault-point.js';

/**
 * Writes a file atomically: temporary file in the same folder, fsync, rename, fsync the folder.
 * A crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode = FILE_MODE,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    reachFaultPoint();
    const handle = await open(temporary, 'wx', mode);
    try {
      reachFaultPoint();
      await handle.writeFile(data);
      reachFaultPoint();
      await handle.sync();
    } finally {
      await handle.close();
    }
    reachFaultPoint();
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  reachFaultPoint();
  await syncDirectory(dirname(path));
  reachFaultPoint();
}

/** Makes a rename or a new entry in a folder durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on folders; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}
