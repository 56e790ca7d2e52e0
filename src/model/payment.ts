/** How money was demanded or paid: the one list (facts schema, wizard, PDF labels). */
export const PAYMENT_METHODS = [
  'pcs',
  'transcash',
  'neosurf',
  'gift-card',
  'transfer',
  'crypto',
  'cash',
  'other',
] as const;

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The field of a payment that holds the detail that traces the money, by method. */
export function paymentDetailField(method: string): string {
  switch (method) {
    case 'pcs':
    case 'transcash':
    case 'neosurf':
      return 'couponCode';
    case 'gift-card':
      return 'giftCardBrand';
    case 'transfer':
      return 'iban';
    case 'crypto':
      return 'wallet';
    default:
      return 'note';
  }
}
