import { constants } from 'node:fs';
import { access, lstat, open, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, sep } from 'node:path';
import { openZipBag } from '../bagit/zip-bag-source.js';
import { OUT_DIR } from '../case/layout.js';
import { UsageError } from '../model/errors.js';
import { describeSpecial } from '../model/input-file.js';

/** What an output path is, once links are followed. */
export interface CheckedOutput {
  /** The path as it will be written (links followed). */
  readonly path: string;
  /** A previous dossier (PDF or ZIP) is there: only it may be replaced, and only with --force. */
  readonly isPreviousDossier: boolean;
  readonly exists: boolean;
}

/**
 * Refuses an output path that would destroy something: the case's own files (anything in the case
 * folder but out/<name>.zip|.pdf), a folder, a special file, or an existing file that is not a
 * dossier preuve wrote (never replaced, even with --force). Links are followed first, so a link
 * cannot point the dossier at custody.jsonl. `what` names the path in messages (--out, a spec
 * field). Nothing is written.
 */
export async function checkOutputPath(
  caseDir: string,
  path: string,
  what: string,
): Promise<CheckedOutput> {
  const folder = dirname(path);
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo?.isDirectory()) {
    throw new UsageError(
      `${what}: ${folder} does not exist or is not a folder. Create it first, or choose another --out.`,
    );
  }
  let resolved = join(await realpath(folder), basename(path));
  const link = await lstat(resolved).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    const target = await realpath(resolved).catch(() => undefined);
    if (target === undefined) {
      throw new UsageError(
        `${what}: ${path} is a link to nothing. Remove the link, or choose another file name.`,
      );
    }
    resolved = target;
  }
  assertOutsideCase(await resolveLoosely(caseDir), resolved, path, what);
  const info = await stat(resolved).catch(() => undefined);
  if (info === undefined) return { path: resolved, isPreviousDossier: false, exists: false };
  if (info.isDirectory()) {
    throw new UsageError(
      `${what}: ${path} is a folder. Give a file name ending in .zip inside it, e.g. ${join(path, 'dossier.zip')}.`,
    );
  }
  if (!info.isFile()) {
    throw new UsageError(
      `${what}: ${path} is ${describeSpecial(info)}, not a file. Choose a file name in a folder.`,
    );
  }
  if (!(await isDossierFile(resolved))) {
    throw new UsageError(
      `${what}: ${path} already exists and is not a dossier written by preuve. preuve never replaces another file, even with --force: choose another file name.`,
    );
  }
  return { path: resolved, isPreviousDossier: true, exists: true };
}

/**
 * Checks a folder the dossier will be written into (a spec's build.output), before anything is
 * done: it is a folder that can be written, or can be created, and is not inside the case (but
 * its out/). When the reference is known, the dossier's two file names in it are checked too.
 */
export async function checkOutputFolder(
  caseDir: string,
  folder: string,
  what: string,
  reference: string | undefined,
): Promise<void> {
  let existing = folder;
  while (!(await lstat(existing).catch(() => undefined))) existing = dirname(existing);
  const info = await stat(existing).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(
      `${what}: ${existing} is ${info ? (info.isFile() ? 'a file' : describeSpecial(info)) : 'a link to nothing'}, so the dossier cannot be written in ${folder}. Choose a folder.`,
    );
  }
  try {
    await access(existing, constants.W_OK);
  } catch {
    throw new UsageError(
      `${what}: ${existing} cannot be written to (permission denied). Choose a folder you can write to.`,
    );
  }
  const resolved = join(await realpath(existing), relative(existing, folder));
  const caseReal = await resolveLoosely(caseDir);
  const inside = relative(caseReal, resolved);
  const isInside = !(inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside));
  if (isInside && inside !== OUT_DIR) {
    throw new UsageError(
      `${what}: ${folder} is in the case folder ${caseReal}, whose own files are never an output. Choose a folder outside the case, or leave build.output out to write into ${join(caseReal, OUT_DIR)}.`,
    );
  }
  if (reference !== undefined && existing === folder) {
    await checkOutputPath(caseDir, join(folder, `${reference}.zip`), what);
    await checkOutputPath(caseDir, join(folder, `${reference}.pdf`), what);
  }
}

/** The real path of `path`, links followed as far as it exists (a case folder not created yet). */
async function resolveLoosely(path: string): Promise<string> {
  let existing = path;
  while (!(await lstat(existing).catch(() => undefined))) existing = dirname(existing);
  return join(await realpath(existing), relative(existing, path));
}

/** Inside the case folder only out/<name>.zip and out/<name>.pdf are outputs. */
function assertOutsideCase(caseDir: string, resolved: string, path: string, what: string): void {
  const inside = relative(caseDir, resolved);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return;
  const isDossierSlot =
    dirname(inside) === OUT_DIR && ['.zip', '.pdf'].includes(extname(inside).toLowerCase());
  if (isDossierSlot) return;
  throw new UsageError(
    `${what}: ${path}${resolved !== path ? ` (that is ${resolved})` : ''} is in the case folder ${caseDir}, whose own files are never an output. Write the dossier outside the case, or leave --out out to write it into ${join(caseDir, OUT_DIR)}.`,
  );
}

/** A PDF or ZIP preuve wrote: the PDF carries /PreuveFingerprint, the ZIP a preuve bag-info.txt. */
async function isDossierFile(path: string): Promise<boolean> {
  const head = await readSlice(path, 0, 8);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
    const { size } = await stat(path);
    const tailLength = Math.min(size, 256 * 1024);
    return (await readSlice(path, size - tailLength, tailLength))
      .toString('latin1')
      .includes('/PreuveFingerprint');
  }
  if (head.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return false;
  const opening = await openZipBag(path).catch(() => undefined);
  if (opening === undefined || opening.topFolder === undefined) return false;
  if (opening.isEncrypted || opening.source === undefined) {
    await opening.source?.close();
    return opening.isEncrypted;
  }
  try {
    if (!opening.source.files.some((file) => file.path === 'bag-info.txt')) return false;
    return (await opening.source.read('bag-info.txt', 64 * 1024))
      .toString('utf8')
      .includes('Preuve-Fingerprint:');
  } catch {
    return false;
  } finally {
    await opening.source.close();
  }
}

async function readSlice(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
