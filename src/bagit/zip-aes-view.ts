import { createCipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { type SaidText, sayText } from './bag-report.js';

/** What a ZIP reader needs of a file: positioned reads. A FileHandle is one. */
export interface RandomReader {
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/** Where a stored WinZip AES entry lies in its ZIP. */
export interface AesEntryPlace {
  /** First byte after the local header: the salt. */
  readonly dataStart: number;
  /** The entry's compressed size: salt, verifier, encrypted bytes and authentication code. */
  readonly compressedSize: number;
  /** 1, 2 or 3 (AES-128, -192, -256). */
  readonly strength: number;
}

export type AesOpening =
  | { readonly ok: true; readonly view: RandomReader & { readonly size: number } }
  | ({ readonly ok: false; readonly problem: 'passphrase' | 'unreadable' } & SaidText);

const BLOCK = 16;
const VERIFIER_LENGTH = 2;
const AUTHENTICATION_LENGTH = 10;
const PBKDF2_ITERATIONS = 1000;
/** Ciphertext read per step when checking the authentication code. */
const CHECK_SIZE = 1 << 20;

/**
 * The plaintext of a stored WinZip AES entry (AE-1 or AE-2, as 7-Zip and zip.js write it), readable
 * at any position without decrypting anything before it: the cipher is AES in counter mode, so
 * byte n needs only keystream block n/16. Nothing decrypted is ever written to disk.
 *
 * Opening checks the passphrase (the 2-byte verifier) and then the authentication code (HMAC-SHA1
 * over the whole ciphertext), so an archive altered after encryption is refused before a byte of
 * it is read as a bag. Closing the view closes `file`.
 */
export async function openAesEntry(
  file: RandomReader,
  place: AesEntryPlace,
  passphrase: string,
): Promise<AesOpening> {
  const keyLength = [16, 24, 32][place.strength - 1];
  const saltLength = [8, 12, 16][place.strength - 1];
  if (keyLength === undefined || saltLength === undefined) {
    return {
      ok: false,
      problem: 'unreadable',
      ...sayText('zip.unknownStrength', { strength: place.strength }),
    };
  }
  const header = await readExactly(file, place.dataStart, saltLength + VERIFIER_LENGTH);
  const salt = header.subarray(0, saltLength);
  const keys = pbkdf2Sync(
    Buffer.from(passphrase, 'utf8'),
    salt,
    PBKDF2_ITERATIONS,
    2 * keyLength + VERIFIER_LENGTH,
    'sha1',
  );
  const encryptionKey = keys.subarray(0, keyLength);
  const authenticationKey = keys.subarray(keyLength, 2 * keyLength);
  if (!keys.subarray(2 * keyLength).equals(header.subarray(saltLength))) {
    return {
      ok: false,
      problem: 'passphrase',
      ...sayText('zip.wrongPassphrase'),
    };
  }
  const start = place.dataStart + saltLength + VERIFIER_LENGTH;
  const size = place.compressedSize - saltLength - VERIFIER_LENGTH - AUTHENTICATION_LENGTH;
  if (size < 0) return { ok: false, problem: 'unreadable', ...sayText('zip.cutShort') };
  const expected = await readExactly(file, start + size, AUTHENTICATION_LENGTH);
  const found = await computeAuthentication(file, start, size, authenticationKey);
  if (!timingSafeEqual(found, expected)) {
    return {
      ok: false,
      problem: 'unreadable',
      ...sayText('zip.altered'),
    };
  }
  const algorithm = `aes-${keyLength * 8}-ecb`;
  return {
    ok: true,
    view: {
      size,
      async read(buffer, offset, length, position) {
        const wanted = Math.max(0, Math.min(length, size - position));
        if (wanted === 0) return { bytesRead: 0 };
        // Whole blocks from the block boundary, in a buffer of our own: the XOR then goes a word
        // at a time (a byte at a time ran at 28 MB/s).
        const firstBlock = Math.floor(position / BLOCK);
        const skip = position - firstBlock * BLOCK;
        const span = Math.min(
          Math.ceil((skip + wanted) / BLOCK) * BLOCK,
          size - firstBlock * BLOCK,
        );
        const work = Buffer.allocUnsafeSlow(Math.ceil(span / BLOCK) * BLOCK);
        const { bytesRead } = await file.read(work, 0, span, start + firstBlock * BLOCK);
        xorKeystream(algorithm, encryptionKey, work, firstBlock);
        const got = Math.max(0, Math.min(wanted, bytesRead - skip));
        buffer.set(work.subarray(skip, skip + got), offset);
        return { bytesRead: got };
      },
      close: () => file.close(),
    },
  };
}

/**
 * XORs `work` (whole blocks, from block `firstBlock` of the plaintext) with the WinZip keystream:
 * block i is AES of the counter i+1, little-endian in the first 8 bytes (Gladman's fileenc, which
 * every tool follows).
 */
function xorKeystream(algorithm: string, key: Buffer, work: Buffer, firstBlock: number): void {
  const blocks = work.length / BLOCK;
  const counters = Buffer.alloc(work.length);
  const view = new DataView(counters.buffer, counters.byteOffset, counters.length);
  for (let index = 0; index < blocks; index += 1) {
    const counter = firstBlock + index + 1;
    view.setUint32(index * BLOCK, counter % 0x1_0000_0000, true);
    view.setUint32(index * BLOCK + 4, Math.floor(counter / 0x1_0000_0000), true);
  }
  const cipher = createCipheriv(algorithm, key, null).setAutoPadding(false);
  const stream = cipher.update(counters);
  const aligned = stream.byteOffset % 4 === 0 ? stream : Buffer.from(stream);
  const target = new Uint32Array(work.buffer, work.byteOffset, work.length / 4);
  const source = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  for (let index = 0; index < target.length; index += 1) target[index]! ^= source[index]!;
}

async function computeAuthentication(
  file: RandomReader,
  start: number,
  size: number,
  key: Buffer,
): Promise<Buffer> {
  const hmac = createHmac('sha1', key);
  const buffer = Buffer.allocUnsafe(Math.min(CHECK_SIZE, Math.max(size, 1)));
  for (let done = 0; done < size; ) {
    const length = Math.min(buffer.length, size - done);
    const { bytesRead } = await file.read(buffer, 0, length, start + done);
    if (bytesRead === 0) throw new Error('the encrypted entry is cut short: the ZIP is truncated');
    hmac.update(buffer.subarray(0, bytesRead));
    done += bytesRead;
  }
  return hmac.digest().subarray(0, AUTHENTICATION_LENGTH);
}

async function readExactly(file: RandomReader, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length)
    throw new Error('the encrypted entry is cut short: the ZIP is truncated');
  return buffer;
}
