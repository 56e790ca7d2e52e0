import { z } from 'zod';
import type { Exhibit } from './exhibit.js';
import { FactsSchema } from './facts.js';
import type { RecordedTime } from './time.js';

/** The case.json schema version this build writes and understands. */
export const CASE_SCHEMA_VERSION = 1;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase SHA-256 hex digest');
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must stay inside the case');

export const RecordedTimeSchema = z.object({
  source: z.enum([
    'exif',
    'file-name',
    'file-mtime',
    'export',
    'email-date',
    'email-received',
    'clock',
    'declared',
    'tsa',
  ]),
  instant: z.string().optional(),
  offset: z.string().optional(),
  wallClock: z.string().optional(),
  zone: z.string().optional(),
  isZoneAssumed: z.boolean().optional(),
  precision: z.enum(['ms', 'second', 'minute', 'day']),
  note: z.string().optional(),
}) satisfies z.ZodType<RecordedTime>;

const ExhibitFileSchema = z.object({
  role: z.enum(['original', 'attachment', 'export-file']),
  name: z.string(),
  sourcePath: z.string(),
  storedPath: relativePath.optional(),
  size: z.number().int().nonnegative(),
  sha256: sha256Hex,
  mime: z.string(),
  isExcluded: z.boolean().optional(),
  excludedReason: z.enum(['sensitive', 'excluded-by-user', 'unreferenced', 'withdrawn']).optional(),
});

export const ExhibitSchema = z.object({
  number: z.number().int().positive(),
  kind: z.enum(['image', 'conversation', 'email', 'document', 'media', 'sensitive', 'other']),
  description: z.string().optional(),
  app: z.string().optional(),
  device: z.string().optional(),
  where: z.string().optional(),
  isSensitive: z.boolean(),
  isDescriptionOnly: z.boolean().optional(),
  addedAt: RecordedTimeSchema,
  addedBy: z.string(),
  files: z.array(ExhibitFileSchema),
  times: z.array(RecordedTimeSchema),
  image: z
    .object({
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      format: z.string().optional(),
      isUndecodable: z.boolean().optional(),
      undecodableReason: z.string().optional(),
    })
    .optional(),
  conversation: z
    .object({
      format: z.string(),
      title: z.string(),
      messageCount: z.number().int().nonnegative(),
      participants: z.array(z.string()),
      headerPath: relativePath,
      messagesPath: relativePath,
      timeZone: z.string(),
      dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
      victimName: z.string().optional(),
    })
    .optional(),
  highlights: z
    .array(z.object({ seq: z.number().int().nonnegative(), note: z.string().optional() }))
    .optional(),
  withdrawn: z
    .object({ at: RecordedTimeSchema, by: z.string(), reason: z.string().min(1) })
    .optional(),
  notes: z.array(z.string()),
}) satisfies z.ZodType<Exhibit>;

export const CaseSchema = z.object({
  schemaVersion: z.literal(CASE_SCHEMA_VERSION),
  /** e.g. PRV-20261130-7K3Q */
  reference: z.string().regex(/^PRV-\d{8}-[0-9A-Z]{4}$/),
  createdAt: z.string(),
  language: z.enum(['fr', 'en']),
  /** IANA zone used for wall-clock times of this case (chat exports, display). */
  timeZone: z.string(),
  operator: z.object({ name: z.string(), organisation: z.string().optional() }),
  /** Next exhibit number: numbers are never reused, even if an exhibit is removed. */
  nextExhibitNumber: z.number().int().positive(),
  exhibits: z.array(ExhibitSchema),
  facts: FactsSchema,
});

/** A validated case.json. Exhibits use the readonly model types of src/model/exhibit.ts. */
export type CaseFile = Omit<z.infer<typeof CaseSchema>, 'exhibits'> & {
  readonly exhibits: readonly Exhibit[];
};

/** Validates a case.json value (throws a ZodError). */
export function parseCaseFile(value: unknown): CaseFile {
  return CaseSchema.parse(value) as CaseFile;
}
