import { stat } from 'node:fs/promises';
import { UsageError } from '../../model/errors.js';
import { toFsPath } from '../../model/fs-path.js';
import type { ExportSource } from '../export-source.js';
import { openFileSource, readFilePrefix } from './file-source.js';
import { openFolderSource } from './folder-source.js';
import { DEFAULT_ZIP_LIMITS, openZipSource, type ZipLimits } from './zip-source.js';

/** Local file header or end-of-central-directory (an empty archive). */
const ZIP_MAGICS = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

/**
 * Opens what the user gave as a chat export: a folder, a ZIP (recognised by its first bytes,
 * whatever its name) or any other single file.
 */
export async function openExportSource(
  path: string,
  zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ExportSource> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(toFsPath(path));
  } catch (error) {
    throw new UsageError(
      { code: 'error.chats.sources.openExportSource.openedExistReadable', params: { path } },
      {
        cause: error,
      },
    );
  }
  if (info.isDirectory()) return openFolderSource(path);
  if (!info.isFile()) {
    throw new UsageError({
      code: 'error.chats.sources.openExportSource.neitherFileNor',
      params: { path },
    });
  }
  const head = await readFilePrefix(path, 4);
  if (ZIP_MAGICS.some((magic) => head.equals(magic))) return openZipSource(path, zipLimits);
  return openFileSource(path);
}
