import { accessSync, constants, lstatSync, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { isOsLitter } from '../chats/sources/litter.js';
import { EvidenceError, UsageError } from '../model/errors.js';
import { decodeFsName, fromFsPath, toFsPath } from '../model/fs-path.js';
import { type MessageParam, renderMessage } from '../model/messages.js';

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
  /** Why, in English (kept in `--json` as it was); `code` and `params` say it in any language. */
  readonly reason: string;
  readonly code: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** A path left out, with its reason as a code of templates/<lang>/messages.json (`evidence.skipped.…`). */
export function skipPath(
  path: string,
  code: string,
  params?: Readonly<Record<string, MessageParam>>,
): SkippedPath {
  const message = params ? { code, params } : { code };
  return { path, reason: renderMessage('en', message), ...message };
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
                ? {
                    code: 'evidence.skipped.only',
                    params: {
                      names: skipped
                        .map((s) => basename(s.path))
                        .slice(0, 3)
                        .join(', '),
                    },
                  }
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
        params: {
          given,
          reason: { code: file.code, ...(file.params ? { params: file.params } : {}) },
        },
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
      skipped.push(skipPath(path, 'evidence.skipped.systemFile'));
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
      return skipPath(path, 'evidence.skipped.brokenLink');
    }
    // A folder's link may only lead to a file of that folder: never to /etc/shadow or a home.
    if (root && !isInside(realPath, root)) {
      return skipPath(path, 'evidence.skipped.linkOutside', { realPath });
    }
  }
  const info = isSymlink ? await stat(toFsPath(realPath)) : linkInfo;
  if (info.isDirectory() && isSymlink) {
    return skipPath(path, 'evidence.skipped.linkToFolder', { realPath });
  }
  if (!info.isFile()) {
    return skipPath(path, 'evidence.skipped.notRegular', {
      what: { code: `evidence.skipped.special.${describeSpecial(info)}` },
    });
  }
  try {
    accessSync(toFsPath(realPath), constants.R_OK);
  } catch {
    return skipPath(path, 'evidence.skipped.unreadable');
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

/** The kind of a special file, as the last part of its code (`evidence.skipped.special.…`). */
function describeSpecial(info: Stats): 'socket' | 'fifo' | 'device' | 'other' {
  if (info.isSocket()) return 'socket';
  if (info.isFIFO()) return 'fifo';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  return 'other';
}
