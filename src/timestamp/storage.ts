import { slugify } from './authorities.js';

/** The files of one stamp in `<case>/timestamps/` (and `data/timestamps/` in the ZIP). */
export interface TimestampFileNames {
  /** The request sent (DER TimeStampReq), e.g. "01-freetsa.tsq". */
  readonly request: string;
  /** The authority's answer (DER TimeStampResp), e.g. "01-freetsa.tsr". */
  readonly response: string;
  /** The signer's certificate chain (PEM, signer first), e.g. "01-freetsa-chain.pem". */
  readonly chain: string;
}

/**
 * File names for the `index`-th stamp (1-based, in the order stamps were taken) from an authority.
 * Sorting the names sorts the stamps.
 */
export function timestampFileNames(index: number, authorityName: string): TimestampFileNames {
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`stamp index ${index}`);
  const base = `${String(index).padStart(2, '0')}-${slugify(authorityName)}`;
  return { request: `${base}.tsq`, response: `${base}.tsr`, chain: `${base}-chain.pem` };
}

/** The stamp index and base name of a stored file ("03-digicert.tsr" → 3), or undefined. */
export function parseTimestampFileName(
  fileName: string,
): { index: number; base: string; kind: 'request' | 'response' | 'chain' } | undefined {
  const match = /^((\d{2,})-[a-z0-9-]+?)(\.tsq|\.tsr|-chain\.pem)$/.exec(fileName);
  if (!match) return undefined;
  const kind = match[3] === '.tsq' ? 'request' : match[3] === '.tsr' ? 'response' : 'chain';
  return { index: Number(match[2]), base: match[1]!, kind };
}
