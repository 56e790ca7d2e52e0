import { z } from 'zod';
import { PAYMENT_METHODS } from './payment.js';

/**
 * The facts a complaint needs, as kept in `case.json` under `facts` and imported with
 * `preuve facts import <file.yaml|json>` (see examples/facts.yaml).
 *
 * Every field is optional: a missing fact is not an error, the dossier prints "non renseigné".
 * Objects are strict so that a misspelt field ("victm") is reported instead of silently dropped.
 * Dates are declared by the family: `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss]` (local time in the case's
 * zone) or a full ISO 8601 instant with `Z` or an offset.
 */

/**
 * Documented limits (README, "Limits"): a facts file of at most {@link MAX_FACTS_FILE_BYTES},
 * free-text fields (narrative, notes, descriptions) of at most {@link MAX_LONG_TEXT_CHARS}
 * characters, every other field {@link MAX_SHORT_TEXT_CHARS}, lists {@link MAX_LIST_ITEMS}
 * items. They are far above any real complaint and keep a build's memory flat.
 */
export const MAX_FACTS_FILE_BYTES = 1024 * 1024;
export const MAX_LONG_TEXT_CHARS = 100_000;
export const MAX_SHORT_TEXT_CHARS = 2_000;
export const MAX_LIST_ITEMS = 1_000;

const shortText = z.string().max(MAX_SHORT_TEXT_CHARS, 'error.facts.shortTextTooLong');
const longText = z.string().max(MAX_LONG_TEXT_CHARS, 'error.facts.longTextTooLong');
const list = <T extends z.ZodType>(item: T) =>
  z.array(item).max(MAX_LIST_ITEMS, 'error.facts.tooManyItems');

const declaredDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'error.facts.notADate',
  );

/** `P3`: an exhibit number as printed in the dossier. */
const exhibitRef = z.string().regex(/^P[1-9]\d*$/, 'error.facts.notAnExhibitNumber');
const exhibitRefs = list(exhibitRef);

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
  firstName: shortText.optional(),
  initials: shortText.optional(),
  dateOfBirth: declaredDate.optional(),
  /** Age when the facts happened, when the date of birth is not given. */
  ageAtTheTime: z.number().int().min(0).max(130).optional(),
  isMinor: z.boolean().optional(),
  /** The commune where the child lives: the officer needs it for a minor's complaint. */
  commune: shortText.optional(),
  /** Whether the child sent images of themself to the author (true), or not (false); absent: not said. */
  sentImages: z.boolean().optional(),
});

export const ComplainantSchema = z.strictObject({
  name: shortText.optional(),
  /** Link to the victim: mère, père, tuteur, the victim themself… */
  linkToVictim: shortText.optional(),
  phone: shortText.optional(),
  email: shortText.optional(),
  address: shortText.optional(),
  /** The identity document to bring to the station. */
  identityDocument: shortText.optional(),
});

export const OperatorFactsSchema = z.strictObject({
  name: shortText.optional(),
  organisation: shortText.optional(),
  role: shortText.optional(),
  phone: shortText.optional(),
  email: shortText.optional(),
});

export const RecipientSchema = z.strictObject({
  kind: z
    .enum(['commissariat', 'gendarmerie', 'procureur', 'pharos', '3018', 'thesee', 'other'])
    .optional(),
  /** e.g. "Commissariat de police de Exempleville". */
  name: shortText.optional(),
  address: shortText.optional(),
  /** A reference the recipient already gave (procès-verbal, main courante…). */
  reference: shortText.optional(),
});

export const PlatformSchema = z.strictObject({
  /** Instagram, Snapchat, WhatsApp… */
  name: shortText.optional(),
  /** The victim's own account on it, when useful to the investigators. */
  victimAccount: shortText.optional(),
  note: longText.optional(),
});

export const ThreatSchema = z.strictObject({
  date: declaredDate.optional(),
  /** What was threatened: publish the images, send them to the family, the school… */
  description: longText.optional(),
  /** Where the images were or may be published. */
  publishedWhere: shortText.optional(),
  exhibits: exhibitRefs.optional(),
});

/** Whether the images were actually spread (sent to friends, posted), and where. */
export const DiffusionSchema = z.strictObject({
  /** true: the images were spread; false: not as far as the family knows. Absent: not said. */
  happened: z.boolean().optional(),
  /** Where: "envoyées à des camarades de classe sur Instagram", a site's address… */
  where: shortText.optional(),
  date: declaredDate.optional(),
  exhibits: exhibitRefs.optional(),
  note: longText.optional(),
});

export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);

export const PaymentSchema = z.strictObject({
  date: declaredDate.optional(),
  amount: z.number().nonnegative().optional(),
  /** ISO 4217 code (EUR) or a crypto symbol (BTC). */
  currency: shortText.optional(),
  method: PaymentMethodSchema.optional(),
  /** `demanded`: asked for, not paid; `paid`: money was sent. */
  status: z.enum(['demanded', 'paid']).optional(),
  /** Coupon "code RECH", gift card brand and code, etc. */
  couponCode: shortText.optional(),
  giftCardBrand: shortText.optional(),
  iban: shortText.optional(),
  bank: shortText.optional(),
  wallet: shortText.optional(),
  transactionId: shortText.optional(),
  note: longText.optional(),
  exhibits: exhibitRefs.optional(),
  source: FactSource.optional(),
  seenIn: z.array(SeenInSchema).optional(),
});

export const AuthorIdentifierSchema = z.strictObject({
  platform: shortText.optional(),
  pseudonym: shortText.optional(),
  handle: shortText.optional(),
  /** Numeric or opaque account id shown by the platform or the export. */
  accountId: shortText.optional(),
  profileUrl: shortText.optional(),
  phone: shortText.optional(),
  email: shortText.optional(),
  linkedAccounts: list(shortText).optional(),
  firstSeen: declaredDate.optional(),
  lastSeen: declaredDate.optional(),
  /** The exhibits that show this identifier. */
  exhibits: exhibitRefs.optional(),
  note: longText.optional(),
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
  reference: shortText.optional(),
  note: longText.optional(),
});

export const FactsSchema = z.strictObject({
  victim: VictimSchema.optional(),
  complainant: ComplainantSchema.optional(),
  operator: OperatorFactsSchema.optional(),
  recipient: RecipientSchema.optional(),
  platforms: list(PlatformSchema).optional(),
  firstContactDate: declaredDate.optional(),
  /** Free text; paragraphs separated by a blank line. */
  narrative: longText.optional(),
  threats: list(ThreatSchema).optional(),
  diffusion: DiffusionSchema.optional(),
  /** Demands and payments, each `demanded` or `paid`. */
  payments: list(PaymentSchema).optional(),
  authorIdentifiers: list(AuthorIdentifierSchema).optional(),
  stepsTaken: list(StepTakenSchema).optional(),
});

export type Facts = z.infer<typeof FactsSchema>;
export type Victim = z.infer<typeof VictimSchema>;
export type Complainant = z.infer<typeof ComplainantSchema>;
export type Recipient = z.infer<typeof RecipientSchema>;
export type Threat = z.infer<typeof ThreatSchema>;
export type Diffusion = z.infer<typeof DiffusionSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;
export type AuthorIdentifier = z.infer<typeof AuthorIdentifierSchema>;
export type SeenIn = z.infer<typeof SeenInSchema>;
export type StepTaken = z.infer<typeof StepTakenSchema>;
