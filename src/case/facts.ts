import { z } from 'zod';

/**
 * The facts a complaint needs, as kept in `case.json` under `facts` and imported with
 * `preuve facts import <file.yaml|json>` (see examples/facts.yaml).
 *
 * Every field is optional: a missing fact is not an error, the dossier prints "non renseigné".
 * Objects are strict so that a misspelt field ("victm") is reported instead of silently dropped.
 * Dates are declared by the family: `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss]` (local time in the case's
 * zone) or a full ISO 8601 instant with `Z` or an offset.
 */

const declaredDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'expected a date YYYY-MM-DD, a local time YYYY-MM-DDTHH:mm, or an ISO 8601 instant',
  );

/** `P3`: an exhibit number as printed in the dossier. */
const exhibitRef = z.string().regex(/^P[1-9]\d*$/, 'expected an exhibit number such as P3');
const exhibitRefs = z.array(exhibitRef);

/** Where the evidence shows a fact: a message of a conversation, an image's text, or an export's list of participants. */
const SeenInSchema = z.strictObject({
  exhibit: exhibitRef,
  /** Message number from 1. */
  message: z.number().int().positive().optional(),
  isImage: z.boolean().optional(),
});

/** `declared`: typed by the family (the default); `evidence`: read from the exhibits and accepted (preuve findings accept). */
const FactSource = z.enum(['declared', 'evidence']);

export const VictimSchema = z.strictObject({
  /** First name or initials only: the dossier never needs more to identify the child. */
  firstName: z.string().optional(),
  initials: z.string().optional(),
  dateOfBirth: declaredDate.optional(),
  /** Age when the facts happened, when the date of birth is not given. */
  ageAtTheTime: z.number().int().min(0).max(130).optional(),
  isMinor: z.boolean().optional(),
});

export const ComplainantSchema = z.strictObject({
  name: z.string().optional(),
  /** Link to the victim: mère, père, tuteur, the victim themself… */
  linkToVictim: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
  /** The identity document to bring to the station. */
  identityDocument: z.string().optional(),
});

export const OperatorFactsSchema = z.strictObject({
  name: z.string().optional(),
  organisation: z.string().optional(),
  role: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});

export const RecipientSchema = z.strictObject({
  kind: z
    .enum(['commissariat', 'gendarmerie', 'procureur', 'pharos', '3018', 'thesee', 'other'])
    .optional(),
  /** e.g. "Commissariat de police de Exempleville". */
  name: z.string().optional(),
  address: z.string().optional(),
  /** A reference the recipient already gave (procès-verbal, main courante…). */
  reference: z.string().optional(),
});

export const PlatformSchema = z.strictObject({
  /** Instagram, Snapchat, WhatsApp… */
  name: z.string().optional(),
  /** The victim's own account on it, when useful to the investigators. */
  victimAccount: z.string().optional(),
  note: z.string().optional(),
});

export const ThreatSchema = z.strictObject({
  date: declaredDate.optional(),
  /** What was threatened: publish the images, send them to the family, the school… */
  description: z.string().optional(),
  /** Where the images were or may be published. */
  publishedWhere: z.string().optional(),
  exhibits: exhibitRefs.optional(),
});

export const PaymentMethodSchema = z.enum([
  'pcs',
  'transcash',
  'neosurf',
  'gift-card',
  'transfer',
  'crypto',
  'cash',
  'other',
]);

export const PaymentSchema = z.strictObject({
  date: declaredDate.optional(),
  amount: z.number().nonnegative().optional(),
  /** ISO 4217 code (EUR) or a crypto symbol (BTC). */
  currency: z.string().optional(),
  method: PaymentMethodSchema.optional(),
  /** `demanded`: asked for, not paid; `paid`: money was sent. */
  status: z.enum(['demanded', 'paid']).optional(),
  /** Coupon "code RECH", gift card brand and code, etc. */
  couponCode: z.string().optional(),
  giftCardBrand: z.string().optional(),
  iban: z.string().optional(),
  bank: z.string().optional(),
  wallet: z.string().optional(),
  transactionId: z.string().optional(),
  note: z.string().optional(),
  exhibits: exhibitRefs.optional(),
  source: FactSource.optional(),
  seenIn: z.array(SeenInSchema).optional(),
});

export const AuthorIdentifierSchema = z.strictObject({
  platform: z.string().optional(),
  pseudonym: z.string().optional(),
  handle: z.string().optional(),
  /** Numeric or opaque account id shown by the platform or the export. */
  accountId: z.string().optional(),
  profileUrl: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  linkedAccounts: z.array(z.string()).optional(),
  firstSeen: declaredDate.optional(),
  lastSeen: declaredDate.optional(),
  /** The exhibits that show this identifier. */
  exhibits: exhibitRefs.optional(),
  note: z.string().optional(),
  source: FactSource.optional(),
  seenIn: z.array(SeenInSchema).optional(),
});

export const StepTakenSchema = z.strictObject({
  kind: z
    .enum([
      'blocked',
      'reported-to-platform',
      '3018',
      'pharos',
      'thesee',
      'bank',
      'police',
      'other',
    ])
    .optional(),
  date: declaredDate.optional(),
  /** 3018 case number, PHAROS or THESEE reference, platform report id… */
  reference: z.string().optional(),
  note: z.string().optional(),
});

export const FactsSchema = z.strictObject({
  victim: VictimSchema.optional(),
  complainant: ComplainantSchema.optional(),
  operator: OperatorFactsSchema.optional(),
  recipient: RecipientSchema.optional(),
  platforms: z.array(PlatformSchema).optional(),
  firstContactDate: declaredDate.optional(),
  /** Free text; paragraphs separated by a blank line. */
  narrative: z.string().optional(),
  threats: z.array(ThreatSchema).optional(),
  /** Demands and payments, each `demanded` or `paid`. */
  payments: z.array(PaymentSchema).optional(),
  authorIdentifiers: z.array(AuthorIdentifierSchema).optional(),
  stepsTaken: z.array(StepTakenSchema).optional(),
});

export type Facts = z.infer<typeof FactsSchema>;
export type Victim = z.infer<typeof VictimSchema>;
export type Complainant = z.infer<typeof ComplainantSchema>;
export type Recipient = z.infer<typeof RecipientSchema>;
export type Threat = z.infer<typeof ThreatSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;
export type AuthorIdentifier = z.infer<typeof AuthorIdentifierSchema>;
export type SeenIn = z.infer<typeof SeenInSchema>;
export type StepTaken = z.infer<typeof StepTakenSchema>;
