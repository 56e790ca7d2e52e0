import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EvidenceError, UsageError } from '../model/errors.js';

const authoritySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  country: z.string().length(2).optional(),
  caCertificateUrl: z.url().optional(),
  note: z.string(),
});
const fileSchema = z.object({ authorities: z.array(authoritySchema) });

/** A public RFC 3161 authority from templates/tsa-authorities.json. */
export type TimestampAuthority = z.infer<typeof authoritySchema>;

/** Where the list of known authorities ships (from src/ and from dist/ alike). */
export function knownAuthoritiesPath(): string {
  return fileURLToPath(new URL('../../templates/tsa-authorities.json', import.meta.url));
}

/** Reads and validates a list of authorities (by default the one preuve ships). */
export async function loadKnownAuthorities(
  path = knownAuthoritiesPath(),
): Promise<TimestampAuthority[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new EvidenceError(
      { code: 'error.timestamp.authorities.readListTimestamp', params: { path } },
      {
        cause: error,
      },
    );
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new EvidenceError({
      code: 'error.timestamp.authorities.validListTimestamp',
      params: { path, z: z.prettifyError(parsed.error) },
    });
  }
  return parsed.data.authorities;
}

/**
 * Resolves what the user typed after --tsa: a known id ("freetsa") or a URL. A URL not in the list
 * becomes an ad-hoc authority named after its host.
 */
export function resolveAuthority(
  idOrUrl: string,
  known: readonly TimestampAuthority[],
): TimestampAuthority {
  const byId = known.find((authority) => authority.id === idOrUrl.toLowerCase());
  if (byId) return byId;
  if (/^https?:\/\//i.test(idOrUrl)) {
    const byUrl = known.find((authority) => authority.url === idOrUrl);
    if (byUrl) return byUrl;
    const host = new URL(idOrUrl).hostname;
    return { id: slugify(host), name: host, url: idOrUrl, note: 'Given by URL.' };
  }
  throw new UsageError({
    code: 'error.timestamp.authorities.knownTimestampAuthority',
    params: { idOrUrl, known: known.map((a) => a.id).join(', ') },
  });
}

/** Lowercase letters, digits and dashes: safe in a file name on every system. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug === '' ? 'tsa' : slug;
}
