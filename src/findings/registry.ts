import type { Extractor } from '../model/findings.js';
import { amountExtractor } from './extract/amount.js';
import { cryptoExtractor } from './extract/crypto.js';
import { emailExtractor } from './extract/email.js';
import { handleExtractor } from './extract/handle.js';
import { bicExtractor, ibanExtractor } from './extract/iban.js';
import { phoneExtractor } from './extract/phone.js';
import { profileLinkExtractor } from './extract/profile-link.js';
import { signalsExtractor } from './extract/signals.js';
import { voucherExtractor } from './extract/voucher.js';

/**
 * Every extractor, most specific first: where two matches overlap in a text, the earlier
 * extractor's wins (an IBAN's digits are not also a phone number, a link's @name not a handle).
 */
export const EXTRACTORS: readonly Extractor[] = [
  cryptoExtractor,
  ibanExtractor,
  profileLinkExtractor,
  emailExtractor,
  phoneExtractor,
  handleExtractor,
  bicExtractor,
  voucherExtractor,
  amountExtractor,
  signalsExtractor,
];
