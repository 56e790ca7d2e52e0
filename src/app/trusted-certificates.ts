import { INPUT_LIMITS, readInputFile } from '../model/input-file.js';

/** Reads the `--ca-file` certificates (PEM or DER), each a regular file of bounded size. */
export async function readTrustedCertificates(files: readonly string[]): Promise<Buffer[]> {
  return Promise.all(
    files.map((file) =>
      readInputFile(file, { what: `--ca-file ${file}`, maxBytes: INPUT_LIMITS.certificate }),
    ),
  );
}
