import { readFile } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';

/** The certificates given to trust (--ca-file), PEM or DER, read before anything else is done. */
export async function readTrustedCertificates(files: readonly string[]): Promise<Buffer[]> {
  return Promise.all(
    files.map((file) =>
      readFile(file).catch(() => {
        throw new UsageError(`--ca-file ${file}: cannot be read. Check the path.`);
      }),
    ),
  );
}
