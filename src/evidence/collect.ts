import { accessSync, constants, lstatSync, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { isOsLitter } from '../chats/sources/litter.js';
import { EvidenceError, UsageError } from '../model/errors.js';
import { decodeFsName, fromFsPath, toFsPath } from '../model/fs-path.js';

/** A regular file to take in. */
export interface CollectedFile {
  /** Absolute path as the user gave it (or found inside a folder they gave). */
  readonly path: string;
  /** The regular file actually read (differs from `path` for a followed symlink). */
  readonly realPath: string;
  readonly name: string;
  readonly size: number;
  readonly mtime: Date;
  /** Exact modification time, to notice a change while the file is read. */
  readonly mtimeMs: number;
  readonly isSymlinkFollowed: boolean;
}

export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface Collection {
  readonly files: CollectedFile[];
  readonly skipped: SkippedPath[];
}

/**
 * Expands the paths the user gave into regular files, recursively, checking every one before
 * anything is copied. A path given explicitly that cannot be used is an error; inside folders,
 * OS litter and special files are skipped and reported.
 */
export async function collectFiles(paths: readonly string[]): Promise<Collection> {
  const files: CollectedFile[] = [];
  const skipped: SkippedPath[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await lstat(toFsPath(path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
        throw new UsageError({ code: 'error.evidence.collect.suchFileFolder', params: { given } });
      }
      throw new EvidenceError(
        {
          code: 'error.evidence.collect.readCheckPermissions',
          params: { given, code: error.code },
        },
        {
          cause: error,
        },
      );
    });
    if (info.isDirectory()) {
      const before = files.length;
      await walkFolder(path, files, skipped, await realpath(path));
      if (files.length === before) {
        throw new UsageError({
          code: 'error.evidence.collect.folderHoldsFile',
          params: {
            given,
            skipped:
              skipped.length > 0
                ? ` (only ${skipped
                    .map((s) => basename(s.path))
                    .slice(0, 3)
                    .join(', ')}, skipped)`
                : '',
          },
        });
      }
      continue;
    }
    const file = await inspectFile(path, info);
    if ('reason' in file) {
      throw new EvidenceError({
        code: 'error.evidence.collect.failed',
        params: { given, reason: file.reason },
      });
    }
    files.push(file);
  }
  return { files, skipped };
}

/** `root` is the real path of the folder the user gave: links inside it may not lead out of it. */
async function walkFolder(
  folder: string,
  files: CollectedFile[],
  skipped: SkippedPath[],
  root: string,
): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(toFsPath(folder), { encoding: 'buffer' })).map(decodeFsName);
  } catch (error) {
    throw new EvidenceError(
      {
        code: 'error.evidence.collect.folderReadCheck',
        params: { folder, value: (error as NodeJS.ErrnoException).code },
      },
      { cause: error },
    );
  }
  for (const name of names.sort()) {
    const path = join(folder, name);
    if (isOsLitter(name)) {
      skipped.push({ path, reason: 'system file, not evidence' });
      continue;
    }
    // Synchronous: a folder of thousands of files waited more on libuv's thread pool than on disk.
    const info = lstatSync(toFsPath(path));
    if (info.isDirectory()) {
      await walkFolder(path, files, skipped, root);
      continue;
    }
    const file = await inspectFile(path, info, root);
    if ('reason' in file) skipped.push(file);
    else files.push(file);
  }
}

/** `linkInfo`: the lstat of `path`; it is the file's own unless `path` is a symbolic link. */
async function inspectFile(
  path: string,
  linkInfo: Stats,
  root?: string,
): Promise<CollectedFile | SkippedPath> {
  const isSymlink = linkInfo.isSymbolicLink();
  let realPath = path;
  if (isSymlink) {
    try {
      realPath = fromFsPath(await realpath(toFsPath(path), { encoding: 'buffer' }));
    } catch {
      return {
        path,
        reason: 'is a link to a file that does not exist. Add the file it pointed to instead.',
      };
    }
    // A folder's link may only lead to a file of that folder: never to /etc/shadow or a home.
    if (root && !isInside(realPath, root)) {
      return {
        path,
        reason: `is a link to a file outside the folder given (${realPath}), not followed. If that file is evidence, add it itself.`,
      };
    }
  }
  const info = isSymlink ? await stat(toFsPath(realPath)) : linkInfo;
  if (info.isDirectory() && isSymlink) {
    return {
      path,
      reason: `is a link to a folder (${realPath}), not followed. Add that folder itself if you want it.`,
    };
  }
  if (!info.isFile()) {
    return {
      path,
      reason: `is not a regular file (${describeSpecial(info)}). Only files can be evidence: copy its content into a file first.`,
    };
  }
  try {
    accessSync(toFsPath(realPath), constants.R_OK);
  } catch {
    return {
      path,
      reason:
        'cannot be read (permission denied). Check its permissions, or copy it somewhere readable.',
    };
  }
  return {
    path,
    realPath,
    name: basename(path),
    size: info.size,
    mtime: info.mtime,
    mtimeMs: info.mtimeMs,
    isSymlinkFollowed: isSymlink,
  };
}

/** True when `path` is `folder` or lies below it (both real paths). */
export function isInside(path: string, folder: string): boolean {
  const prefix = folder.endsWith(sep) ? folder : folder + sep;
  return path === folder || path.startsWith(prefix);
}

function describeSpecial(info: Stats): string {
  if (info.isSocket()) return 'a socket';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}
