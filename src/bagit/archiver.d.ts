// The part of archiver 8's API this project uses (archiver 8 ships no types, and
// @types/archiver describes the CommonJS archiver 7).
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';

  export interface ZipEntryData {
    name: string;
    date?: Date;
    mode?: number;
    store?: boolean;
  }

  export interface ZipArchiveOptions {
    zlib?: { level?: number };
    forceZip64?: boolean;
    store?: boolean;
  }

  export class ZipArchive extends Transform {
    constructor(options?: ZipArchiveOptions);
    append(source: Readable | Buffer | string, data: ZipEntryData): this;
    finalize(): Promise<void>;
    abort(): this;
    pointer(): number;
  }
}
