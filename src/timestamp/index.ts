/** RFC 3161 trusted timestamps of the dossier fingerprint: request, send, check, store. */
export {
  knownAuthoritiesPath,
  loadKnownAuthorities,
  resolveAuthority,
  slugify,
  type TimestampAuthority,
} from './authorities.js';
export { certificateToPem, parseCertificates } from './certificates.js';
export {
  type CheckTimestampOptions,
  checkTimestampResponse,
  describeProblems,
  inspectTimestampResponse,
  type TimestampInfo,
  type TimestampProblem,
  type TimestampProblemKind,
  type TimestampReport,
} from './check-response.js';
export { type RequestTimestampOptions, requestTimestamp } from './http-client.js';
export { type OpensslVerifyCommandOptions, opensslVerifyCommand } from './openssl-command.js';
export {
  createTimestampRequest,
  fingerprintBytes,
  type ParsedTimestampRequest,
  parseTimestampRequest,
  type TimestampRequest,
} from './request.js';
export { parseTimestampFileName, type TimestampFileNames, timestampFileNames } from './storage.js';
