import { createHash } from 'node:crypto';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bech32, bech32m, createBase58check } from '@scure/base';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const base58check = createBase58check(sha256);

/** The version byte of a base58check string, or undefined when its checksum fails. */
export function base58checkVersion(text: string): number | undefined {
  try {
    const payload = base58check.decode(text);
    return payload.length === 21 ? payload[0] : undefined;
  } catch {
    return undefined;
  }
}

/** A Bitcoin address: base58check P2PKH (version 0) or P2SH (version 5), bech32 v0 or bech32m v1+. */
export function isValidBitcoinAddress(text: string): boolean {
  if (/^[13]/.test(text)) {
    const version = base58checkVersion(text);
    return version === 0 || version === 5;
  }
  if (!/^bc1/.test(text)) return false;
  return isValidSegwit(text);
}

function isValidSegwit(text: string): boolean {
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(text as `${string}1${string}`, 90);
      if (prefix !== 'bc' || words.length === 0) continue;
      const version = words[0] as number;
      // BIP-350: version 0 uses bech32, versions 1–16 use bech32m.
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (version === 0 && program.length !== 20 && program.length !== 32) continue;
      if (program.length < 2 || program.length > 40 || version > 16) continue;
      return true;
    } catch {
      // Not this encoding.
    }
  }
  return false;
}

/** A Tron address: base58check with version 0x41. */
export function isValidTronAddress(text: string): boolean {
  return base58checkVersion(text) === 0x41;
}

/** EIP-55: the case of each hex letter is a bit of keccak-256 of the lowercase address. */
export function hasValidEip55Checksum(address: string): boolean {
  const hex = address.slice(2);
  const hash = keccak_256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i += 1) {
    const char = hex[i] as string;
    if (!/[a-fA-F]/.test(char)) continue;
    const nibble = ((hash[i >> 1] as number) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if (nibble >= 8 !== (char === char.toUpperCase())) return false;
  }
  return true;
}
