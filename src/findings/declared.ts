import type { CountryCode } from 'libphonenumber-js/max';
import type { Finding, FindingKind } from '../model/findings.js';
import { parsePhoneNumberFromString } from './phone-numbers.js';

/** An author identifier as the family typed it (the fields of facts.authorIdentifiers). */
export interface DeclaredIdentifier {
  readonly handle?: string;
  readonly pseudonym?: string;
  readonly accountId?: string;
  readonly profileUrl?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** The (kind, normalized) keys a typed identifier would have as a finding. */
export function declaredKeys(
  declared: DeclaredIdentifier,
  defaultCountry: string,
): { kind: FindingKind; normalized: string }[] {
  const keys: { kind: FindingKind; normalized: string }[] = [];
  if (declared.phone) {
    const phone = parsePhoneNumberFromString(declared.phone, defaultCountry as CountryCode);
    keys.push({ kind: 'phone', normalized: phone?.number ?? declared.phone.replace(/\s/g, '') });
  }
  if (declared.email) keys.push({ kind: 'email', normalized: declared.email.trim().toLowerCase() });
  for (const name of [declared.handle, declared.pseudonym]) {
    if (!name) continue;
    const bare = name.trim().replace(/^@/, '').toLowerCase();
    keys.push({ kind: 'handle', normalized: `@${bare}` });
    keys.push({ kind: 'account-id', normalized: name.trim() });
    // The same account as a profile link's last part (instagram.com/<handle>).
    keys.push({ kind: 'profile-link', normalized: bare });
  }
  if (declared.accountId) keys.push({ kind: 'account-id', normalized: declared.accountId.trim() });
  if (declared.profileUrl)
    keys.push({
      kind: 'profile-link',
      normalized: declared.profileUrl
        .trim()
        .replace(/^(?:https?:\/\/)?(?:www\.)?/i, 'https://')
        .replace(/\/+$/, '')
        .toLowerCase(),
    });
  return keys;
}

/** The findings that show a typed identifier. */
export function findingsForDeclared(
  declared: DeclaredIdentifier,
  findings: readonly Finding[],
  defaultCountry: string,
): Finding[] {
  const keys = declaredKeys(declared, defaultCountry);
  return findings.filter((finding) =>
    keys.some(
      (key) =>
        key.kind === finding.kind &&
        (key.normalized === finding.normalized.toLowerCase() ||
          key.normalized === finding.normalized ||
          (finding.kind === 'profile-link' &&
            finding.normalized.toLowerCase().split(/[/@]/).pop() === key.normalized)),
    ),
  );
}
