import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { UsageError } from './errors.js';

/**
 * Size limits of the files preuve reads whole, each fitting what it holds. A bigger file is not
 * what the user meant to give (a disk image, /dev/zero…): it is refused before a byte is read.
 */
export const INPUT_LIMITS = {
  spec: 4 * 1024 * 1024,
  facts: 4 * 1024 * 1024,
  passphrase: 4 * 1024,
  timestampResponse: 256 * 1024,
  certificate: 1024 * 1024,
} as const;

/** What the file is, for the message: `--passphrase-file x`, `the spec x`. */
export interface InputFileRequest {
  /** Names the input in errors, e.g. `--import answer.tsr` or `spec.yaml: factsFile facts.yaml`. */
  readonly what: string;
  /** Refuse a bigger file (bytes). Omit for files read as a stream (a dossier ZIP). */
  readonly maxBytes?: number;
}

/**
 * Checks that `path` is a regular file (links followed) within the size limit, without opening
 * it: a named pipe, a device or a socket would block or never end. Returns its stats.
 */
export async function checkInputFile(path: string, request: InputFileRequest): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      {
        code: 'error.model.inputFile.readCheckPath',
        params: { what: request.what, ENOENT: code === 'ENOENT' ? 'no such file' : code },
      },
      { cause: error },
    );
  }
  assertRegular(info, request);
  return info;
}

/**
 * Reads a whole input file after checking it is a regular file within the limit. It is opened
 * non-blocking and checked again on the open handle, so a file swapped for a pipe in between
 * cannot hang the read, and at most `maxBytes` + 1 bytes are ever read.
 */
export async function readInputFile(
  path: string,
  request: InputFileRequest & { readonly maxBytes: number },
): Promise<Buffer> {
  await checkInputFile(path, request);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(
      {
        code: 'error.model.inputFile.readCheckPermissions',
        params: { what: request.what, value: (error as NodeJS.ErrnoException).code },
      },
      { cause: error },
    );
  }
  try {
    assertRegular(await handle.stat(), request);
    const buffer = Buffer.alloc(request.maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > request.maxBytes) throw tooBig(request);
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      {
        code: 'error.model.inputFile.read',
        params: {
          what: request.what,
          value: (error as NodeJS.ErrnoException).code ?? (error as Error).message,
        },
      },
      { cause: error },
    );
  } finally {
    await handle.close();
  }
}

/** Reads an input file as UTF-8 text (see readInputFile). */
export async function readInputText(
  path: string,
  request: InputFileRequest & { readonly maxBytes: number },
): Promise<string> {
  return (await readInputFile(path, request)).toString('utf8');
}

function assertRegular(info: Stats, request: InputFileRequest): void {
  if (info.isDirectory())
    throw new UsageError({
      code: 'error.model.inputFile.folderFileGive',
      params: { what: request.what },
    });
  if (!info.isFile()) {
    throw new UsageError({
      code: 'error.model.inputFile.regularFilePreuve',
      params: { what: request.what, describeSpecial: describeSpecial(info) },
    });
  }
  if (request.maxBytes !== undefined && info.size > request.maxBytes) throw tooBig(request);
}

function tooBig(request: InputFileRequest): UsageError {
  return new UsageError({
    code: 'error.model.inputFile.largerTooLarge',
    params: { what: request.what, request: formatBytes(request.maxBytes ?? 0) },
  });
}

/** Names a special file the way a user knows it. */
export function describeSpecial(info: Stats): string {
  if (info.isSocket()) return 'a socket';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
