import { constants } from 'node:fs';
import { access, lstat, open, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OUT_DIR } from '../model/case-layout.js';
import type { CaseSession } from '../model/case-session.js';
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
 * Where the dossier goes (`outFile`, else out/<reference>.zip and the PDF beside it), refused when
 * it would replace something else. app/build calls it before the case's check too, so a bad
 * --out is refused at once rather than after every copy is re-hashed.
 */
export async function checkDossierOutput(
  session: CaseSession,
  outFile: string | undefined,
): Promise<{ zipPath: string; pdfPath: string }> {
  const zipPath = resolve(
    outFile ?? join(session.paths.outDir, `${session.current().reference}.zip`),
  );
  const pdfPath = `${zipPath.replace(/\.zip$/i, '')}.pdf`;
  await checkDossierPaths(session.caseDir, zipPath, pdfPath, outFile !== undefined);
  return { zipPath, pdfPath };
}

/** Refuses, before anything is read or written, an output that would replace something else. */
async function checkDossierPaths(
  caseDir: string,
  zipPath: string,
  pdfPath: string,
  isGiven: boolean,
): Promise<void> {
  const what = isGiven ? `--out ${zipPath}` : 'the dossier';
  await checkOutputPath(caseDir, zipPath, what);
  if (!/\.zip$/i.test(zipPath)) {
    throw new UsageError({ code: 'error.dossier.build.giveFileName', params: { what } });
  }
  await checkOutputPath(caseDir, pdfPath, `${what} (the PDF beside it)`);
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
    throw new UsageError({
      code: 'error.dossier.outputPath.existFolderCreate',
      params: { what, folder },
    });
  }
  let resolved = join(await realpath(folder), basename(path));
  const link = await lstat(resolved).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    const target = await realpath(resolved).catch(() => undefined);
    if (target === undefined) {
      throw new UsageError({
        code: 'error.dossier.outputPath.linkNothingRemove',
        params: { what, path },
      });
    }
    resolved = target;
  }
  assertOutsideCase(await resolveLoosely(caseDir), resolved, path, what);
  const info = await stat(resolved).catch(() => undefined);
  if (info === undefined) return { path: resolved, isPreviousDossier: false, exists: false };
  if (info.isDirectory()) {
    throw new UsageError({
      code: 'error.dossier.outputPath.folderGiveFile',
      params: { what, path, path2: join(path, 'dossier.zip') },
    });
  }
  if (!info.isFile()) {
    throw new UsageError({
      code: 'error.dossier.outputPath.fileChooseFile',
      params: { what, path, describeSpecial: describeSpecial(info) },
    });
  }
  if (!(await isDossierFile(resolved))) {
    throw new UsageError({
      code: 'error.dossier.outputPath.alreadyExistsDossier',
      params: { what, path },
    });
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
    throw new UsageError({
      code: 'error.dossier.outputPath.soDossierWritten',
      params: {
        what,
        existing,
        info: info ? (info.isFile() ? 'a file' : describeSpecial(info)) : 'a link to nothing',
        folder,
      },
    });
  }
  try {
    await access(existing, constants.W_OK);
  } catch {
    throw new UsageError({
      code: 'error.dossier.outputPath.writtenPermissionDenied',
      params: { what, existing },
    });
  }
  const resolved = join(await realpath(existing), relative(existing, folder));
  const caseReal = await resolveLoosely(caseDir);
  const inside = relative(caseReal, resolved);
  const isInside = !(inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside));
  if (isInside && inside !== OUT_DIR) {
    throw new UsageError({
      code: 'error.dossier.outputPath.caseFolderWhose',
      params: { what, folder, caseReal, caseReal2: join(caseReal, OUT_DIR) },
    });
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
  throw new UsageError({
    code: 'error.dossier.outputPath.caseFolderWhose2',
    params: {
      what,
      path,
      resolved: resolved !== path ? ` (that is ${resolved})` : '',
      caseDir,
      caseDir2: join(caseDir, OUT_DIR),
    },
  });
}

/** A PDF or ZIP preuve wrote: the PDF carries /PreuveFingerprint, the ZIP a preuve bag-info.txt. */
async function isDossierFile(path: string): Promise<boolean> {
  const head = await readSlice(path, 0, 8);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') {
    return await containsBytes(path, '/PreuveFingerprint');
  }
  if (head.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') return false;
  // Loaded here, not at the top: every build checks its output before anything else, and only an
  // existing ZIP needs the ZIP reader (a refused build then refuses without loading it).
  const { openZipBag } = await import('../bagit/zip-bag-source.js');
  const opening = await openZipBag(path).catch(() => undefined);
  if (opening === undefined) return false;
  // An encrypted dossier's names cannot be read without the passphrase: its encryption says it.
  if (opening.isEncrypted || opening.topFolder === undefined || opening.source === undefined) {
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

/**
 * Whether the file holds `needle`, read in 1 MiB pieces from the end (the document information
 * is near the end of a dossier PDF, but the cross-reference table of a dossier of thousands of
 * pages after it is larger than any fixed tail).
 */
async function containsBytes(path: string, needle: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const piece = 1 << 20;
    const buffer = Buffer.alloc(piece + needle.length);
    for (let end = size; end > 0; end -= piece) {
      const start = Math.max(0, end - piece);
      // Each piece overlaps the next one by the needle's length, so no match is cut in two.
      const length = Math.min(size, end + needle.length) - start;
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      if (buffer.subarray(0, bytesRead).includes(needle, 0, 'latin1')) return true;
    }
    return false;
  } finally {
    await handle.close();
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
