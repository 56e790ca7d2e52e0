import type { Extractor, TextMatch } from '../../model/findings.js';
import { repairOcrConfusions } from '../ocr-repair.js';
import {
  hasValidEip55Checksum,
  isValidBitcoinAddress,
  isValidTronAddress,
} from './crypto-checks.js';

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]$/;
const BECH32 = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]$/;

/** Legacy Bitcoin or Tron: base58 plus the characters OCR puts in their place (0, O, I, l). */
const BASE58_CANDIDATE = /(?<![A-Za-z0-9])[13T][1-9A-Za-z0]{24,34}(?![A-Za-z0-9])/g;
/** bech32 `bc1…`, also as OCR reads it (`bcl…`, `bcI…`). */
const BECH32_CANDIDATE = /(?<![A-Za-z0-9])[bB][cC][1lI][A-Za-z0-9]{11,71}(?![A-Za-z0-9])/g;
const ETHEREUM = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])/g;

/** Bitcoin, Ethereum and Tron addresses, with their checksums. */
export const cryptoExtractor: Extractor = {
  name: 'crypto',
  mayMatch: (text) =>
    /[13T][1-9A-Za-z]{24}|[bB][cC][1lI][A-Za-z0-9]{11}|0x[0-9a-fA-F]{40}/.test(text),
  extract(text) {
    const matches: TextMatch[] = [];
    for (const match of text.matchAll(BASE58_CANDIDATE)) {
      const read = match[0];
      const isTron = read.startsWith('T');
      if (isTron && read.length !== 34) continue;
      if (!/\d/.test(read.slice(1)) || !/[A-Za-z]/.test(read.slice(1))) continue;
      const isValid = isTron ? isValidTronAddress : isValidBitcoinAddress;
      matches.push(
        checked(read, match.index, isTron ? 'tron' : 'bitcoin', isValid, (c) => BASE58.test(c)),
      );
    }
    for (const match of text.matchAll(BECH32_CANDIDATE)) {
      const read = match[0];
      // bech32 is written all lower or all upper case; OCR keeps the case of the rest.
      const lower = read.toLowerCase();
      const prefixFixed = `bc1${lower.slice(3)}`;
      const prefixChange = lower[2] === '1' ? undefined : `${read[2]}→1 at 3`;
      const result = checked(prefixFixed, match.index, 'bitcoin', isValidBitcoinAddress, (c, i) =>
        i >= 3 ? BECH32.test(c) : false,
      );
      const repair =
        prefixChange === undefined
          ? result.repair
          : result.validity === 'valid'
            ? {
                from: read,
                to: result.normalized,
                changes: [prefixChange, result.repair?.changes].filter(Boolean).join(', '),
              }
            : undefined;
      matches.push({
        ...result,
        value: read,
        normalized: result.validity === 'valid' ? result.normalized : lower,
        ...(repair ? { repair } : {}),
      });
    }
    for (const match of text.matchAll(ETHEREUM)) {
      const hex = match[0].slice(2);
      const isMixedCase = /[a-f]/.test(hex) && /[A-F]/.test(hex);
      const isValid = isMixedCase && hasValidEip55Checksum(match[0]);
      matches.push({
        kind: 'ethereum',
        value: match[0],
        // A failed checksum keeps its case, so that it is never merged with the valid address.
        normalized: isMixedCase && !isValid ? match[0] : `0x${hex.toLowerCase()}`,
        // Without mixed case there is no checksum to check.
        validity: isValid ? 'valid' : 'unverified',
        start: match.index,
        end: match.index + match[0].length,
        detail: 'ETH',
      });
    }
    return matches;
  },
};

function checked(
  read: string,
  start: number,
  kind: 'bitcoin' | 'tron',
  isValid: (candidate: string) => boolean,
  allowed: (char: string, index: number) => boolean,
): TextMatch {
  const base = {
    kind,
    value: read,
    start,
    end: start + read.length,
    detail: kind === 'tron' ? 'TRX' : 'BTC',
  };
  if (isValid(read)) return { ...base, normalized: read, validity: 'valid' };
  const repair = repairOcrConfusions(read, isValid, allowed);
  if (repair) return { ...base, normalized: repair.to, validity: 'valid', repair };
  return { ...base, normalized: read, validity: 'unverified' };
}
