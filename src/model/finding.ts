/**
 * What was read from the evidence (OCR of a screenshot, a message): a phone number, a handle, a
 * date… The "Read the evidence" issue produces these; the gaps check already accepts them so that
 * a phone number read on a screenshot counts as shown.
 */
export interface EvidenceFinding {
  readonly kind: 'phone' | 'email' | 'handle' | 'profile-url' | 'date' | 'coupon-code';
  /** The exhibit number it was read from. */
  readonly exhibitNumber: number;
  readonly value: string;
  /** Who sent it, when it was read from a message. */
  readonly sender?: string;
}
