import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EvidenceError } from '../model/errors.js';
import { type Message, type MessageParam, renderMessage } from '../model/messages.js';
import {
  certificateToPem,
  formatGeneralName,
  formatName,
  isSameCertificate,
  parseCertificates,
} from './certificates.js';
import { hashNameOf, integerHex, OID, parseDer, toHex } from './pki.js';
import { fingerprintBytes, type ParsedTimestampRequest, parseTimestampRequest } from './request.js';
import { checkSignerCertificateAttribute, checkTokenSignature } from './signature.js';
import { type ChainResult, checkTimeStampingUsage, findSigner, validateChain } from './signer.js';
import { describeStatus } from './status.js';

/** What a timestamp token says, read from its TSTInfo and certificates. */
export interface TimestampInfo {
  /** When the authority saw the fingerprint, ISO 8601 in UTC (e.g. 2026-11-30T01:44:23.000Z). */
  readonly genTime: string;
  /** Accuracy of genTime in seconds, when the authority states it. */
  readonly accuracySeconds: number | undefined;
  /** The token's serial number, lowercase hex. */
  readonly serial: string;
  readonly policyOid: string;
  /** The authority's name from the token, or else the signer certificate's subject. */
  readonly tsaName: string;
  readonly imprintHex: string;
  /** 'SHA-256' (or the OID of an unknown algorithm). */
  readonly hashAlgorithm: string;
  readonly nonceHex: string | undefined;
  readonly signerSubject: string;
  readonly signerIssuer: string;
  /** Every certificate carried in the token, PEM, signer first. */
  readonly certificatesPem: readonly string[];
  /**
   * The certificate chain to store next to the token, PEM, signer first: the validated path up to
   * the trusted root when the chain was trusted, otherwise the token's certificates.
   */
  readonly chainPem: readonly string[];
  /** True when the signer's chain leads, at genTime, to one of the trusted certificates. */
  readonly chainTrusted: boolean;
}

export type TimestampProblemKind =
  | 'unreadable'
  | 'not-granted'
  | 'request'
  | 'imprint'
  | 'nonce'
  | 'signer-missing'
  | 'signature'
  | 'signer-usage'
  | 'chain';

export interface TimestampProblem {
  readonly kind: TimestampProblemKind;
  /** One sentence in English: what is wrong and, where it helps, what to do. */
  readonly message: string;
  /** The same sentence as a catalogue code (`timestamp.problem.…`), for the reader's language. */
  readonly detail: Message;
}

/** A problem said as its code, with its English sentence. */
function sayProblem(
  kind: TimestampProblemKind,
  code: string | Message,
  params?: Readonly<Record<string, MessageParam>>,
): TimestampProblem {
  const detail: Message = typeof code === 'string' ? (params ? { code, params } : { code }) : code;
  return { kind, message: renderMessage('en', detail), detail };
}

export interface TimestampReport {
  /** 'granted', 'granted with modifications', or the refusal with the authority's reason. */
  readonly status: string;
  /** Undefined when there is no readable token (unreadable answer, refusal). */
  readonly info: TimestampInfo | undefined;
  /** Every check that failed; empty when the token is good for this fingerprint. */
  readonly problems: readonly TimestampProblem[];
}

export interface CheckTimestampOptions {
  /** The dossier fingerprint the token must cover (64 hex digits). */
  readonly fingerprintHex: string;
  /** The nonce sent; taken from `requestDer` when not given. */
  readonly nonce?: Buffer;
  /** The stored or sent TimeStampReq (`.tsq`): its imprint and nonce must match. */
  readonly requestDer?: Uint8Array;
  /**
   * Trust anchors (PEM or DER), e.g. the chain stored at stamp time, roots given by the user.
   * Check user files first with `parseCertificates(data, fileName)` for an error naming the file.
   */
  readonly trustedCerts?: readonly (Buffer | string)[];
  /** Names the token in messages, e.g. "timestamps/01-freetsa.tsr". */
  readonly label?: string;
}

/**
 * Checks an RFC 3161 answer (a `.tsr`, or a bare token) against a dossier fingerprint and reports
 * every problem found, without throwing for a bad token: status granted, imprint and nonce,
 * signature (with the ESS signing-certificate attribute), the signer's critical timeStamping
 * extended key usage, and the certificate chain at genTime to the trusted certificates.
 * Revocation is not checked (offline).
 */
export async function inspectTimestampResponse(
  responseDer: Uint8Array,
  options: CheckTimestampOptions,
): Promise<TimestampReport> {
  const expectedImprint = fingerprintBytes(options.fingerprintHex);
  const trusted = (options.trustedCerts ?? []).flatMap((input, index) =>
    parseCertificates(input, `trusted certificate ${index + 1}`),
  );
  let request: ParsedTimestampRequest | undefined;
  let requestProblem: TimestampProblem | undefined;
  if (options.requestDer) {
    try {
      request = parseTimestampRequest(options.requestDer);
    } catch {
      requestProblem = sayProblem('request', 'timestamp.problem.requestUnreadable');
    }
  }

  const answer = readAnswer(responseDer);
  if (answer.kind === 'unreadable') {
    return {
      status: 'unreadable',
      info: undefined,
      problems: [sayProblem('unreadable', answer.problem)],
    };
  }
  if (answer.kind === 'refused') {
    return {
      status: answer.status,
      info: undefined,
      problems: [sayProblem('not-granted', 'timestamp.problem.refused', { status: answer.status })],
    };
  }
  const { signedData, tstInfo, status } = answer;
  const problems: TimestampProblem[] = requestProblem ? [requestProblem] : [];

  problems.push(...checkWhatWasStamped(tstInfo, expectedImprint, request, options.nonce));
  const imprint = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  const hashOid = tstInfo.messageImprint.hashAlgorithm.algorithmId;

  const carried = (signedData.certificates ?? []).filter(
    (item): item is pkijs.Certificate => item instanceof pkijs.Certificate,
  );
  const signer = findSigner(signedData, [...carried, ...trusted]);
  let chain: ChainResult = { trusted: false, path: [], problem: { code: '' } };
  if (signer === undefined) {
    problems.push(
      sayProblem(
        'signer-missing',
        request?.certReq === false
          ? 'timestamp.problem.signerNotCarried'
          : 'timestamp.problem.signerMissing',
      ),
    );
  } else {
    const signatureProblem =
      (await checkTokenSignature(signedData, signer)) ??
      (await checkSignerCertificateAttribute(signedData, signer));
    if (signatureProblem) problems.push(sayProblem('signature', signatureProblem));
    const usageProblem = checkTimeStampingUsage(signer);
    if (usageProblem) problems.push(sayProblem('signer-usage', usageProblem));
    chain = await validateChain(signer, carried, trusted, tstInfo.genTime);
    if (!chain.trusted) problems.push(sayProblem('chain', chain.problem));
  }

  const ordered = signer
    ? [signer, ...carried.filter((c) => !isSameCertificate(c, signer))]
    : carried;
  const info: TimestampInfo = {
    genTime: tstInfo.genTime.toISOString(),
    accuracySeconds: accuracyInSeconds(tstInfo.accuracy),
    serial: integerHex(tstInfo.serialNumber),
    policyOid: tstInfo.policy,
    tsaName: tstInfo.tsa
      ? formatGeneralName(tstInfo.tsa)
      : signer
        ? formatName(signer.subject)
        : 'unknown',
    imprintHex: imprint.toString('hex'),
    hashAlgorithm: hashNameOf(hashOid),
    nonceHex: tstInfo.nonce ? integerHex(tstInfo.nonce) : undefined,
    signerSubject: signer ? formatName(signer.subject) : 'unknown',
    signerIssuer: signer ? formatName(signer.issuer) : 'unknown',
    certificatesPem: ordered.map(certificateToPem),
    chainPem: (chain.trusted ? chain.path : ordered).map(certificateToPem),
    chainTrusted: chain.trusted,
  };
  return { status, info, problems };
}

/**
 * Like `inspectTimestampResponse`, but throws one EvidenceError listing every problem; returns the
 * token's details only when all checks pass (what `stamp` needs before storing a token).
 */
export async function checkTimestampResponse(
  responseDer: Uint8Array,
  options: CheckTimestampOptions,
): Promise<TimestampInfo> {
  const report = await inspectTimestampResponse(responseDer, options);
  if (report.problems.length > 0 || report.info === undefined) {
    throw new EvidenceError({
      code: 'error.timestamp.checkResponse.notValid',
      params: {
        label: options.label ?? 'The timestamp',
        problems: report.problems.map((problem) => problem.detail),
      },
    });
  }
  return report.info;
}

/** "Timestamp x.tsr is not valid: a; b." — the message `checkTimestampResponse` throws. */
export function describeProblems(report: TimestampReport, label = 'The timestamp'): string {
  const list = report.problems.map((problem) => problem.message).join('; ');
  return `${label} is not valid: ${list}.`;
}

type Answer =
  | { kind: 'unreadable'; problem: Message }
  | { kind: 'refused'; status: string }
  | { kind: 'token'; status: string; signedData: pkijs.SignedData; tstInfo: pkijs.TSTInfo };

/** Reads a TimeStampResp, or a bare TimeStampToken (ContentInfo) as some tools save it. */
function readAnswer(der: Uint8Array): Answer {
  const asn = parseDer(der);
  if (asn === undefined) {
    return { kind: 'unreadable', problem: { code: 'timestamp.problem.notDer' } };
  }
  let status = 'granted';
  let tokenSchema: asn1js.AsnType = asn;
  try {
    const response = new pkijs.TimeStampResp({ schema: asn });
    status = describeStatus(response.status);
    if (response.status.status > pkijs.PKIStatus.grantedWithMods)
      return { kind: 'refused', status };
    if (!response.timeStampToken) {
      return {
        kind: 'unreadable',
        problem: { code: 'timestamp.problem.noToken', params: { status } },
      };
    }
    tokenSchema = response.timeStampToken.toSchema();
  } catch {
    // Not a TimeStampResp: try it as a bare token below.
  }
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: tokenSchema });
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    const eContent = signedData.encapContentInfo.eContent;
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !eContent) {
      throw new Error('not TSTInfo');
    }
    const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
    return { kind: 'token', status, signedData, tstInfo };
  } catch (error) {
    return {
      kind: 'unreadable',
      problem: {
        code: 'timestamp.problem.notToken',
        params: { reason: error instanceof Error ? error.message : String(error) },
      },
    };
  }
}

/** The token covers the fingerprint, and answers this request (its imprint and nonce). */
function checkWhatWasStamped(
  tstInfo: pkijs.TSTInfo,
  expectedImprint: Buffer,
  request: ParsedTimestampRequest | undefined,
  sentNonce: Buffer | undefined,
): TimestampProblem[] {
  const problems: TimestampProblem[] = [];
  const expectedHex = expectedImprint.toString('hex');
  const imprint = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  const hashOid = tstInfo.messageImprint.hashAlgorithm.algorithmId;
  if (hashOid !== OID.sha256 || !imprint.equals(expectedImprint)) {
    problems.push(
      sayProblem('imprint', 'timestamp.problem.imprint', {
        hash: hashNameOf(hashOid),
        found: imprint.toString('hex'),
        expected: expectedHex,
      }),
    );
  }
  if (request && (request.hashAlgorithmOid !== OID.sha256 || request.imprintHex !== expectedHex)) {
    problems.push(
      sayProblem('request', 'timestamp.problem.requestImprint', { found: request.imprintHex }),
    );
  }
  const expectedNonce = sentNonce?.length ? BigInt(`0x${toHex(sentNonce)}`) : request?.nonce;
  const nonce = tstInfo.nonce?.toBigInt();
  if (expectedNonce !== undefined && nonce !== expectedNonce) {
    problems.push(
      nonce === undefined
        ? sayProblem('nonce', 'timestamp.problem.noNonce')
        : sayProblem('nonce', 'timestamp.problem.nonce', {
            found: nonce.toString(16),
            expected: expectedNonce.toString(16),
          }),
    );
  }

  return problems;
}

function accuracyInSeconds(accuracy: pkijs.Accuracy | undefined): number | undefined {
  if (!accuracy) return undefined;
  return (accuracy.seconds ?? 0) + (accuracy.millis ?? 0) / 1e3 + (accuracy.micros ?? 0) / 1e6;
}
