import type { CountryCode } from 'libphonenumber-js/max';
import type { Validity } from '../model/findings.js';
import { parsePhoneNumberFromString } from './phone-numbers.js';

export interface ParticipantIdentifier {
  readonly kind: 'phone' | 'email' | 'handle' | 'account-id';
  readonly normalized: string;
  readonly validity: Validity;
}

/**
 * What an export's sender id is: a phone number (WhatsApp, SMS), an e-mail (e-mail exports), a
 * handle (`@name`) or an opaque account id (Telegram `user123`, Discord snowflake).
 */
export function classifyParticipantId(
  id: string,
  defaultCountry: string,
): ParticipantIdentifier | undefined {
  const trimmed = id.trim();
  if (trimmed === '') return undefined;
  if (/^\+?[\d\s().-]{6,}$/.test(trimmed)) {
    const phone = parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode);
    if (phone?.isPossible())
      return {
        kind: 'phone',
        normalized: phone.number,
        validity: phone.isValid() ? 'valid' : 'unverified',
      };
  }
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed))
    return { kind: 'email', normalized: trimmed.toLowerCase(), validity: 'unverified' };
  if (/^@[\w.]+$/.test(trimmed))
    return { kind: 'handle', normalized: trimmed.toLowerCase(), validity: 'unverified' };
  return { kind: 'account-id', normalized: trimmed, validity: 'unverified' };
}
