import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made ZIP. */
export interface RawZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Unix mode in the external attributes (0o120777 makes a symbolic link). */
  readonly mode?: number;
  /** Sets the "encrypted" flag (the data stays plain). */
  readonly isEncrypted?: boolean;
}

/**
 * A ZIP written byte by byte, for hostile fixtures no zip tool would make: names with `..`,
 * symbolic links, encrypted flags, and (`overlapAll`) every central entry pointing at the first
 * entry's data, the overlapping-entry zip bomb.
 */
export function makeZip(
  entries: readonly RawZipEntry[],
  options: { overlapAll?: boolean } = {},
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let firstOffset = 0;
  let firstSizes: { compressed: number; crc: number; size: number } | undefined;
  // Each distinct data deflated once: a fixture repeats one buffer (50 × the same megabyte) or
  // empty data (20,001 entries), and a deflate stream per entry cost seconds. Same bytes out.
  const packed = new Map<Buffer | 'empty', { compressed: Buffer; crc: number }>();
  const pack = (data: Buffer) => {
    const key = data.length === 0 ? 'empty' : data;
    let result = packed.get(key);
    if (result === undefined) {
      result = { compressed: deflateRawSync(data), crc: crc32(data) };
      packed.set(key, result);
    }
    return result;
  };
  for (const [index, entry] of entries.entries()) {
    const name = Buffer.from(entry.name, 'utf8');
    const { compressed, crc } = pack(entry.data);
    const flags = (entry.isEncrypted ? 1 : 0) | 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const isShared = options.overlapAll === true && index > 0;
    const entryOffset = isShared ? firstOffset : offset;
    const sizes =
      isShared && firstSizes
        ? firstSizes
        : { compressed: compressed.length, crc, size: entry.data.length };
    if (!isShared) {
      locals.push(local, name, compressed);
      if (index === 0) {
        firstOffset = offset;
        firstSizes = sizes;
      }
      offset += 30 + name.length + compressed.length;
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(sizes.crc, 16);
    central.writeUInt32LE(sizes.compressed, 20);
    central.writeUInt32LE(sizes.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(entryOffset, 42);
    centrals.push(central, name);
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}
