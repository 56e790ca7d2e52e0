export interface OpensslVerifyCommandOptions {
  /** The dossier fingerprint (SHA-256 hex) the token must cover. */
  readonly fingerprintHex: string;
  /** The `.tsr` file. */
  readonly responsePath: string;
  /** The trusted root(s), PEM: the authority's published root, or the stored chain file. */
  readonly caFilePath: string;
  /**
   * Extra certificates to build the chain (the stored chain file); optional when the token carries
   * them. openssl reads this option as a list separated by commas or spaces, so the path must
   * contain neither: use a path relative to the dossier folder.
   */
  readonly untrustedPath?: string;
}

/**
 * The `openssl ts -verify` command that checks a stored token against the fingerprint, for the
 * README and LISEZMOI.txt. It prints "Verification: OK" when the token is good. (Tested with
 * OpenSSL 3.0: `-digest` checks the imprint; the nonce is not checked, as it needs the `.tsq`.)
 */
export function opensslVerifyCommand(options: OpensslVerifyCommandOptions): string {
  const args = [
    'openssl',
    'ts',
    '-verify',
    '-digest',
    options.fingerprintHex.toLowerCase(),
    '-in',
    options.responsePath,
    '-CAfile',
    options.caFilePath,
  ];
  if (options.untrustedPath !== undefined) {
    if (/[\s,]/.test(options.untrustedPath)) {
      throw new RangeError(
        `openssl ts -untrusted cannot take a path with spaces or commas: ${options.untrustedPath}`,
      );
    }
    args.push('-untrusted', options.untrustedPath);
  }
  return args.map(quoteForShell).join(' ');
}

/** POSIX shell quoting, only where needed (paths with spaces or quotes). */
function quoteForShell(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
