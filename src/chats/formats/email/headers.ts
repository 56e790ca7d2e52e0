import { DateTime } from 'luxon';

/**
 * The headers of an e-mail that say where it really came from: the `Received:` chain (one line
 * per server, the first written by the recipient's own server) and `Authentication-Results`
 * (the receiving server's SPF, DKIM and DMARC verdicts). Read from the raw header lines, not
 * re-encoded.
 */

/** One `Received:` hop, newest first (the order in the file). */
export interface ReceivedHop {
  /** The header value, unfolded onto one line. */
  readonly raw: string;
  readonly from?: string;
  readonly by?: string;
  readonly with?: string;
  readonly for?: string;
  /** The time the server stamped, as an ISO 8601 UTC instant, when readable. */
  readonly at?: string;
}

export interface AuthenticationVerdict {
  /** `spf`, `dkim`, `dmarc`, `arc`, … */
  readonly method: string;
  /** `pass`, `fail`, `softfail`, `none`, `neutral`, `temperror`, `permerror`, … */
  readonly result: string;
  /** The properties that follow the verdict, e.g. `smtp.mailfrom=example.org`. */
  readonly details: string;
}

export interface AuthenticationResults {
  readonly raw: string;
  /** The server that wrote the verdicts (first field). */
  readonly authServer: string;
  readonly verdicts: readonly AuthenticationVerdict[];
}

/** A header line as mailparser gives it: `Name: value` with its original folding. */
export interface HeaderLine {
  readonly key: string;
  readonly line: string;
}

/** The value of a raw header line, unfolded, without its name. */
export function unfold(line: string): string {
  return line
    .replace(/^[^:]*:/, '')
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function withoutComments(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/\([^()]*\)/g, ' ');
  } while (current !== previous);
  return current;
}

/** An RFC 5322 date as an ISO 8601 UTC instant, or undefined when it has no zone or is unreadable. */
export function rfc2822Instant(text: string): string | undefined {
  const date = DateTime.fromRFC2822(text.trim().replace(/\s+/g, ' '), { setZone: true });
  return date.isValid ? date.toJSDate().toISOString() : undefined;
}

function clause(value: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s+(\\S+)`, 'i').exec(value);
  return match?.[1]?.replace(/^<|>;?$|;$/g, '');
}

export function parseReceived(line: string): ReceivedHop {
  const raw = unfold(line);
  const semicolon = raw.lastIndexOf(';');
  const route = withoutComments(semicolon === -1 ? raw : raw.slice(0, semicolon));
  const at = semicolon === -1 ? undefined : rfc2822Instant(raw.slice(semicolon + 1));
  const hop: Record<string, string> = { raw };
  for (const name of ['from', 'by', 'with', 'for'] as const) {
    const value = clause(route, name);
    if (value) hop[name] = value;
  }
  if (at) hop.at = at;
  return hop as unknown as ReceivedHop;
}

export function parseAuthenticationResults(line: string): AuthenticationResults {
  const raw = unfold(line);
  const [server = '', ...fields] = withoutComments(raw).split(';');
  const verdicts: AuthenticationVerdict[] = [];
  for (const field of fields) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*=\s*([A-Za-z]+)\s*(.*)$/s.exec(field);
    if (!match) continue;
    verdicts.push({
      method: match[1]!.toLowerCase(),
      result: match[2]!.toLowerCase(),
      details: match[3]!.replace(/\s+/g, ' ').trim(),
    });
  }
  return { raw, authServer: server.trim().split(/\s+/)[0] ?? '', verdicts };
}

/**
 * The headers the dossier shows, flattened into `header.metadata`:
 * `received.count`, `received.<n>` (raw), `received.<n>.from|by|with|for|at`,
 * `authenticationResults.<n>` (raw), and `spf`, `dkim`, `dmarc` (every verdict found, in order).
 */
export function traceMetadata(headerLines: readonly HeaderLine[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  const hops = headerLines.filter((h) => h.key === 'received').map((h) => parseReceived(h.line));
  metadata['received.count'] = String(hops.length);
  hops.forEach((hop, index) => {
    for (const [name, value] of Object.entries(hop)) {
      metadata[name === 'raw' ? `received.${index + 1}` : `received.${index + 1}.${name}`] = value;
    }
  });
  const results = headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => parseAuthenticationResults(h.line));
  const byMethod = new Map<string, string[]>();
  results.forEach((result, index) => {
    metadata[`authenticationResults.${index + 1}`] = result.raw;
    for (const verdict of result.verdicts) {
      const list = byMethod.get(verdict.method) ?? [];
      list.push(verdict.details ? `${verdict.result} (${verdict.details})` : verdict.result);
      byMethod.set(verdict.method, list);
    }
  });
  for (const [method, list] of byMethod) metadata[method] = list.join('; ');
  return metadata;
}
