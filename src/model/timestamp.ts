import type { Exhibit } from './exhibit.js';
import { type Message, type MessageLanguage, renderMessage } from './messages.js';

/** A trusted timestamp (RFC 3161) obtained for the dossier fingerprint, as the stamp module reports it. */
export interface TimestampSummary {
  /** Name or URL of the authority. */
  readonly authority: string;
  /** genTime of the token, UTC ISO. */
  readonly time: string;
  /** The fingerprint the token covers. */
  readonly fingerprint: string;
  /** e.g. `timestamps/fingerprint.tsr` in the ZIP. */
  readonly tokenFile?: string;
  readonly isVerified?: boolean;
  /** The last exhibit the stamp covers, when exhibits were added after it (P1–P3 only). */
  readonly coversUpTo?: string;
}

/** The authority's name, with "(P1–Pn only)" in the reader's language for a partial stamp. */
export function describeStampAuthority(stamp: TimestampSummary, language: MessageLanguage): string {
  return stamp.coversUpTo
    ? renderMessage(language, {
        code: 'stamp.partial',
        params: { authority: stamp.authority, last: stamp.coversUpTo },
      })
    : stamp.authority;
}

/** A token stored in the case's timestamps/ folder, as the dossier takes it in. */
export interface StoredTimestamp {
  readonly summary: TimestampSummary;
  /** Files to put in data/timestamps/ (absolute paths). */
  readonly files: readonly string[];
}

/** What preuve records about one stamp, beside its .tsq/.tsr/.pem files. */
export interface StampRecord {
  readonly index: number;
  readonly authority: { readonly name: string; readonly url: string };
  /** The dossier fingerprint the request covers. */
  readonly fingerprint: string;
  /** Number of exhibits in the case when stamped: the stamp covers P1…P<n>. */
  readonly exhibitCount: number;
  readonly lastExhibit?: string;
  readonly requestedAt: string;
  readonly status: 'pending' | 'granted';
  readonly files: { readonly request: string; readonly response?: string; readonly chain?: string };
  readonly genTime?: string;
  readonly serial?: string;
  readonly policyOid?: string;
  readonly tsaName?: string;
  /** The chain ends at a certificate given as trusted (--ca-file) when stamped. */
  readonly chainTrusted?: boolean;
}

export interface StampCheck {
  readonly file: string;
  readonly ok: boolean;
  /** In English; `detail`, when given, says it in any language (templates/<lang>/messages.json). */
  readonly message: string;
  readonly detail?: Message;
  readonly genTime?: string;
}

/**
 * How verify re-checks stored stamps. timestamp/ does it (timestamp/case-stamps.ts); the use case
 * hands it to verify, so that verify does not import timestamp/.
 */
export interface StampChecker {
  /** Every granted token of a case against its exhibits as they are now. */
  checkCaseStamps(
    caseDir: string,
    exhibits: readonly Exhibit[],
    trustedCerts?: readonly Buffer[],
  ): Promise<StampCheck[]>;
  /** One token for a fingerprint; `trusted` are PEM/DER certificates to trust. */
  checkToken(
    file: string,
    token: Buffer,
    fingerprint: string,
    record: Pick<StampRecord, 'exhibitCount' | 'lastExhibit'> | undefined,
    exhibitTotal: number,
    trusted: readonly Buffer[],
  ): Promise<StampCheck>;
}
