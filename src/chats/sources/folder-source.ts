import { createReadStream, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { EvidenceError } from '../../model/errors.js';
import { decodeFsName, fromFsPath, toFsPath } from '../../model/fs-path.js';
import type { ExportEntry, ExportSource } from '../export-source.js';
import { readFilePrefix } from './file-source.js';
import { isOsLitter } from './litter.js';

/**
 * An unzipped export folder, walked recursively. OS litter is skipped. A symbolic link is followed
 * only when it points inside the folder (links to folders inside it are skipped: their files are
 * listed under their real path); a link that leads outside is refused, since it would pull in
 * files that are not part of the export.
 */
export async function openFolderSource(folderPath: string): Promise<ExportSource> {
  const root = fromFsPath(await realpath(toFsPath(folderPath), { encoding: 'buffer' }));
  const files = new Map<string, string>();
  const entries: ExportEntry[] = [];

  const walk = async (dir: string): Promise<void> => {
    const children = await readdir(toFsPath(dir), { withFileTypes: true, encoding: 'buffer' });
    const named = children.map((child) => ({ child, name: decodeFsName(child.name) }));
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { child, name } of named) {
      const absolute = join(dir, name);
      const path = relative(root, absolute).split(sep).join('/');
      if (isOsLitter(path)) continue;
      if (child.isDirectory()) {
        await walk(absolute);
      } else if (child.isFile()) {
        files.set(path, absolute);
        // Synchronous: a folder of thousands of files waited more on libuv's pool than on disk.
        entries.push({ path, size: statSync(toFsPath(absolute)).size });
      } else if (child.isSymbolicLink()) {
        const target = await resolveLinkInside(root, absolute, path, folderPath);
        if (target === undefined) continue;
        const targetStat = await stat(toFsPath(target));
        if (!targetStat.isFile()) continue;
        files.set(path, target);
        entries.push({ path, size: targetStat.size });
      }
    }
  };
  await walk(root);

  const locate = (path: string): string => {
    const absolute = files.get(path);
    if (absolute === undefined) {
      throw new EvidenceError({
        code: 'error.chats.sources.folderSource.fileExportFolder',
        params: { path, folderPath },
      });
    }
    return absolute;
  };
  return {
    origin: folderPath,
    container: 'folder',
    entries,
    open: async (path): Promise<Readable> => createReadStream(toFsPath(locate(path))),
    read: async (path, maxBytes) => readFilePrefix(locate(path), maxBytes),
    close: async () => {},
  };
}

/** The link's real target when it stays inside `root`; undefined for a dangling link. */
async function resolveLinkInside(
  root: string,
  linkPath: string,
  path: string,
  folderPath: string,
): Promise<string | undefined> {
  let target: string;
  try {
    target = fromFsPath(await realpath(toFsPath(linkPath), { encoding: 'buffer' }));
  } catch {
    return undefined;
  }
  const fromRoot = relative(root, target);
  if (fromRoot === '') return undefined;
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw new EvidenceError({
      code: 'error.chats.sources.folderSource.folderSymbolicLink',
      params: { path, folderPath, target },
    });
  }
  return target;
}
