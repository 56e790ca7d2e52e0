import type * as pkijs from 'pkijs';

const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'granted',
  1: 'granted with modifications',
  2: 'rejection',
  3: 'waiting',
  4: 'revocation warning',
  5: 'revocation notification',
};

/** PKIFailureInfo bits (RFC 3161 §2.4.2). */
const FAILURE_NAMES: Readonly<Record<number, string>> = {
  0: 'badAlg: unsupported hash algorithm',
  2: 'badRequest: transaction not permitted or supported',
  5: 'badDataFormat: the request is malformed',
  14: 'timeNotAvailable: the time source is not available',
  15: 'unacceptedPolicy: the requested policy is not supported',
  16: 'unacceptedExtension: the requested extension is not supported',
  17: 'addInfoNotAvailable: the additional information is not available',
  25: 'systemFailure: the authority has a system failure',
};

/** "rejection: Message digest algorithm is not supported. (badAlg: unsupported hash algorithm)". */
export function describeStatus(statusInfo: pkijs.PKIStatusInfo): string {
  const name = STATUS_NAMES[statusInfo.status] ?? `status ${statusInfo.status}`;
  const texts = (statusInfo.statusStrings ?? [])
    .map((text) => text.valueBlock.value)
    .filter(Boolean);
  const failures = failureBits(statusInfo).map((bit) => FAILURE_NAMES[bit] ?? `failure bit ${bit}`);
  const details = [texts.join(' '), failures.length ? `(${failures.join(', ')})` : '']
    .filter(Boolean)
    .join(' ');
  return details ? `${name}: ${details}` : name;
}

function failureBits(statusInfo: pkijs.PKIStatusInfo): number[] {
  const bytes = statusInfo.failInfo?.valueBlock.valueHexView ?? new Uint8Array();
  const bits: number[] = [];
  bytes.forEach((byte, index) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) bits.push(index * 8 + bit);
  });
  return bits;
}
