import type { FileHandle } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ZipWriter } from '@zip.js/zip.js';
import { ZipArchive } from 'archiver';
import { useNativeCrc32ForArchiver } from './fast-crc32.js';

/**
 * Where the bag's entries go: a plain ZIP (archiver), or that ZIP inside an AES-256 ZIP (zip.js). Entries are
 * added one at a time; each source is read to its end before `add` resolves.
 */
export interface ZipSink {
  add(
    name: string,
    chunks: AsyncIterable<Uint8Array>,
    options: { compress: boolean },
  ): Promise<void>;
  /** Writes the central directory and waits until every byte reached the file. */
  finish(): Promise<void>;
  /** Stops writing (after a failure); the caller closes and removes the file. */
  abort(): void;
}

/** Called with every byte of the ZIP as it is written (to hash it); may hold the writer back. */
export type OutputTap = (chunk: Uint8Array) => Promise<void> | undefined;

/** Permissions recorded for every entry: the same on every machine, whatever the source's. */
const ENTRY_MODE = 0o644;
const DEFLATE_LEVEL = 6;
/** A regular file with {@link ENTRY_MODE}, as Unix tools read the external attributes. */
const ENTRY_FILE_ATTRIBUTES = (ENTRY_MODE | 0o100000) << 16;

/**
 * A plain ZIP through archiver 8. Reproducible: entry times are the fixed time in UTC (archiver
 * writes DOS times from UTC fields and no extended-time extra field), modes are fixed, and no
 * uid/gid field is written.
 */
export function openPlainZipSink(file: FileHandle, fixedTime: Date, tap: OutputTap): ZipSink {
  return openArchiverSink(
    createTappedWritable(tap, (chunks) => file.writev(chunks)),
    fixedTime,
  );
}

function openArchiverSink(destination: Writable, fixedTime: Date): ZipSink {
  useNativeCrc32ForArchiver();
  const archive = new ZipArchive({ zlib: { level: DEFLATE_LEVEL } });
  const written = pipeline(archive, destination);
  // Reported through add()/finish(); this only keeps an early failure from being unhandled.
  written.catch(() => {});
  let failure: unknown;
  archive.on('error', (error) => {
    failure ??= error;
  });
  archive.on('warning', (error) => {
    failure ??= error;
  });

  return {
    add(name, chunks, { compress }) {
      return new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        const source = Readable.from(chunks, { objectMode: false, highWaterMark: 1 });
        const cleanup = () => {
          archive.off('entry', onEntry);
          archive.off('error', onError);
          source.off('error', onError);
        };
        const onEntry = () => {
          cleanup();
          resolve();
        };
        const onError = (error: unknown) => {
          cleanup();
          reject(error);
        };
        archive.on('entry', onEntry);
        archive.on('error', onError);
        source.on('error', onError);
        archive.append(source, { name, date: fixedTime, mode: ENTRY_MODE, store: !compress });
      });
    },
    async finish() {
      if (failure) throw failure;
      await archive.finalize();
      await written;
    },
    abort() {
      archive.abort();
      archive.destroy();
    },
  };
}

/**
 * Taps every chunk, then hands it to `write`. Small pieces (archiver writes headers a few bytes at
 * a time) are gathered by the stream while a write is in flight and go out together.
 */
function createTappedWritable(
  tap: OutputTap,
  write: (chunks: Buffer[]) => Promise<unknown>,
): Writable {
  const writeAll = async (chunks: Buffer[]) => {
    for (const chunk of chunks) await tap(chunk);
    await write(chunks);
  };
  return new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, callback) {
      writeAll([chunk]).then(() => callback(), callback);
    },
    writev(entries, callback) {
      writeAll(entries.map((entry) => entry.chunk as Buffer)).then(() => callback(), callback);
    },
  });
}

/**
 * The bag as a plain ZIP (archiver, byte for byte what {@link openPlainZipSink} writes) streamed
 * as the only entry, stored, of an AES-256 ZIP (zip.js) named `entryName`: a listing without the
 * passphrase shows that one neutral name, never the bag's file names (a child's exhibits, the
 * author's handle). Nothing of the bag touches the disk unencrypted. `bagTap` sees the bag's
 * bytes (its SHA-256 is that of the ZIP an investigator gets with `7z x`).
 */
export async function openWrappedZipSink(
  file: FileHandle,
  fixedTime: Date,
  passphrase: string,
  entryName: string,
  tap: OutputTap,
  bagTap: OutputTap,
): Promise<ZipSink> {
  const { writer, abortController } = await openAesZipWriter(file, fixedTime, passphrase, tap);
  const bagBytes = new TransformStream<Uint8Array, Uint8Array>();
  const bagWriter = bagBytes.writable.getWriter();
  const added = writer.add(entryName, bagBytes.readable, {
    level: 0,
    externalFileAttributes: ENTRY_FILE_ATTRIBUTES,
  });
  // Reported through finish(); this only keeps an early failure from being unhandled.
  added.catch(() => {});
  const bag = openArchiverSink(
    createTappedWritable(bagTap, async (chunks) => {
      // Each write waits until zip.js has taken the piece: memory stays flat.
      for (const chunk of chunks) await bagWriter.write(chunk);
    }),
    fixedTime,
  );
  return {
    add: (name, chunks, options) => bag.add(name, chunks, options),
    async finish() {
      await bag.finish();
      await bagWriter.close();
      await added;
      await writer.close();
    },
    abort() {
      bag.abort();
      bagWriter.abort().catch(() => {});
      abortController.abort();
    },
  };
}

/** WinZip AE-2, AES-256, never ZipCrypto; entry times fixed as archiver writes them. */
async function openAesZipWriter(
  file: FileHandle,
  fixedTime: Date,
  passphrase: string,
  tap: OutputTap,
): Promise<{ writer: ZipWriter<unknown>; abortController: AbortController }> {
  // Loaded here, not at the top: only an encrypted dossier needs zip.js.
  const { requireZipJs } = await import('./require-zipjs.js');
  const { ZipWriter } = requireZipJs();
  const abortController = new AbortController();
  const output = new WritableStream<Uint8Array>(
    {
      async write(chunk) {
        await tap(chunk);
        await file.write(chunk);
      },
    },
    { highWaterMark: 1 },
  );
  const writer = new ZipWriter(output, {
    password: passphrase,
    encryptionStrength: 3,
    zipCrypto: false,
    rawLastModDate: toDosDateTime(fixedTime),
    extendedTimestamp: false,
    useWebWorkers: false,
    bufferedWrite: false,
    keepOrder: true,
    signal: abortController.signal,
  });
  return { writer, abortController };
}

/** MS-DOS date (high 16 bits) and time (low 16 bits) from the UTC fields, as archiver writes them. */
export function toDosDateTime(time: Date): number {
  const date =
    ((time.getUTCFullYear() - 1980) << 9) | ((time.getUTCMonth() + 1) << 5) | time.getUTCDate();
  const clock =
    (time.getUTCHours() << 11) | (time.getUTCMinutes() << 5) | Math.floor(time.getUTCSeconds() / 2);
  return ((date << 16) | clock) >>> 0;
}
