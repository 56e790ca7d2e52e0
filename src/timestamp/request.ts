import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { EvidenceError, UsageError } from '../model/errors.js';
import { OID, parseDer } from './pki.js';

export interface TimestampRequest {
  /** The DER TimeStampReq, as sent and as stored in the `.tsq` file. */
  readonly der: Buffer;
  /** The nonce as sent (the big-endian bytes of a positive INTEGER). */
  readonly nonce: Buffer;
}

const NONCE_BYTES = 12;

/**
 * Builds an RFC 3161 TimeStampReq for a dossier fingerprint: SHA-256 imprint, a random nonce,
 * certReq true (the authority must include its certificate, so the token can be checked alone).
 *
 * `nonce` is the randomness to use (at least 8 bytes; tests inject it). Its first byte is adjusted
 * so the INTEGER is positive and minimally encoded; the nonce actually sent is returned.
 */
export function createTimestampRequest(
  fingerprintHex: string,
  options: { nonce?: Buffer } = {},
): TimestampRequest {
  const imprint = fingerprintBytes(fingerprintHex);
  const randomness = Buffer.from(options.nonce ?? randomBytes(NONCE_BYTES));
  if (randomness.length < 8) {
    throw new UsageError({
      code: 'error.timestamp.request.timestampNonceBytes',
      params: { length: randomness.length },
    });
  }
  randomness[0] = (randomness[0]! & 0x7f) | 0x40;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: OID.sha256,
        algorithmParams: new asn1js.Null(),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    nonce: new asn1js.Integer({ valueHex: randomness }),
    certReq: true,
  });
  return { der: Buffer.from(request.toSchema().toBER()), nonce: randomness };
}

/** The 32 bytes of a SHA-256 fingerprint given as 64 hex digits. */
export function fingerprintBytes(fingerprintHex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(fingerprintHex)) {
    throw new UsageError({
      code: 'error.timestamp.request.dossierFingerprintExpected',
      params: { fingerprintHex },
    });
  }
  return Buffer.from(fingerprintHex, 'hex');
}

/** What a stored `.tsq` asked for. */
export interface ParsedTimestampRequest {
  readonly imprintHex: string;
  readonly hashAlgorithmOid: string;
  readonly nonce: bigint | undefined;
  readonly certReq: boolean;
  readonly policyOid: string | undefined;
}

/** Reads a DER TimeStampReq (a `.tsq` file). `label` names it in errors. */
export function parseTimestampRequest(
  der: Uint8Array,
  label = 'timestamp request',
): ParsedTimestampRequest {
  const asn = parseDer(der);
  let request: pkijs.TimeStampReq;
  try {
    if (asn === undefined) throw new Error('not a DER value');
    request = new pkijs.TimeStampReq({ schema: asn });
  } catch (error) {
    throw new EvidenceError(
      { code: 'error.timestamp.request.rfcTimestampRequest', params: { label } },
      { cause: error },
    );
  }
  return {
    imprintHex: Buffer.from(request.messageImprint.hashedMessage.valueBlock.valueHexView).toString(
      'hex',
    ),
    hashAlgorithmOid: request.messageImprint.hashAlgorithm.algorithmId,
    nonce: request.nonce?.toBigInt(),
    certReq: request.certReq ?? false,
    policyOid: request.reqPolicy,
  };
}
