import { z } from 'zod';
import { chatFormats } from '../../chats/registry.js';
import { EXHIBIT_KINDS } from '../../model/exhibit.js';
import { FactsSchema } from '../../model/facts.js';
import { isValidTimeZone } from '../../model/zone.js';

/**
 * A case spec: everything `preuve build --spec` and `preuve batch` need to create or update a case
 * and build its dossier without a single question. YAML or JSON; every object is strict, so a
 * misspelt field is an error naming it. Relative paths are read from the spec's folder.
 * See examples/case-spec.yaml.
 */

const timeZone = z.string().refine(isValidTimeZone, 'error.spec.notATimeZone');

/** Folder and file names made of this are safe on every system and in a shell. */
const safeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'error.spec.notASafeName');

export const EvidenceEntrySchema = z
  .strictObject({
    /** A file, a folder (every file in it) or a chat export (file, zip or folder). */
    path: z.string().min(1).optional(),
    kind: z.enum(EXHIBIT_KINDS).optional(),
    description: z.string().min(1).optional(),
    app: z.string().min(1).optional(),
    device: z.string().min(1).optional(),
    /** A nude or sexual image, even fake: hashed where it is, never copied. */
    sensitive: z.boolean().optional(),
    /** For a sensitive item: where it is on the device. */
    where: z.string().min(1).optional(),
    /** Day/month order of a chat export whose dates could be read both ways. */
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    /** Read the path as this chat export format instead of recognising it. */
    format: z
      .string()
      .refine((id) => chatFormats.some((format) => format.id === id), {
        message: 'error.spec.unknownChatFormat',
      })
      .optional(),
    /** Zone of the chat export's wall-clock times (default: the case's). */
    timeZone: timeZone.optional(),
    /** Chat attachments kept out: hashed in place, never copied. */
    excludeAttachments: z.array(z.string().min(1)).optional(),
    /** Only these conversations of a whole-account export. */
    threads: z.array(z.string().min(1)).optional(),
    /** Copy the photos and videos of a chat export that no message names (default: hashed only). */
    includeUnreferencedMedia: z.boolean().optional(),
  })
  .superRefine((entry, context) => {
    if (!entry.path && !entry.sensitive) {
      context.addIssue({
        code: 'custom',
        path: ['path'],
        message:
          'missing: give the file or folder, or set sensitive: true with a description for an item not on this computer',
      });
    }
    if (entry.sensitive && !entry.description) {
      context.addIssue({
        code: 'custom',
        path: ['description'],
        message:
          'a sensitive item needs a description: it is not copied, so the description is what the police will read',
      });
    }
    if (entry.where && !entry.sensitive) {
      context.addIssue({
        code: 'custom',
        path: ['where'],
        message: 'error.spec.whereNotSensitive',
      });
    }
  });

export const BuildSpecSchema = z
  .strictObject({
    /** Encrypt the ZIP (AES-256). The passphrase comes from passphraseEnv or passphraseFile. */
    encrypt: z.boolean().optional(),
    /** Name of the environment variable holding the passphrase. */
    passphraseEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'error.spec.notAVariableName')
      .optional(),
    /** A file holding the passphrase (its first line). */
    passphraseFile: z.string().min(1).optional(),
    /** Folder for the ZIP and the PDF (default: the case's out/). */
    output: z.string().min(1).optional(),
  })
  .superRefine((build, context) => {
    if (build.encrypt && !build.passphraseEnv && !build.passphraseFile) {
      context.addIssue({
        code: 'custom',
        path: ['encrypt'],
        message:
          'needs the passphrase from passphraseEnv: <VARIABLE> or passphraseFile: <file> (never written in the spec)',
      });
    }
    if (!build.encrypt && (build.passphraseEnv || build.passphraseFile)) {
      context.addIssue({
        code: 'custom',
        path: ['encrypt'],
        message: 'error.spec.passphraseWithoutEncrypt',
      });
    }
  });

export const CaseSpecSchema = z
  .strictObject({
    /** Spec format version (1). */
    version: z.literal(1).optional(),
    /** The case folder's name under `preuve batch --out` (default: the spec's file name). */
    name: safeName.optional(),
    /** The case reference (default: a new one when the case is created). */
    reference: z
      .string()
      .regex(/^PRV-\d{8}-[0-9A-Z]{4}$/, 'error.spec.notAReference')
      .optional(),
    language: z.enum(['fr', 'en']).optional(),
    timeZone: timeZone.optional(),
    /** Who prepares the dossier (recorded in the custody log). */
    operator: z.string().trim().min(1).optional(),
    organisation: z.string().min(1).optional(),
    /** The facts, as in `preuve facts import`. */
    facts: FactsSchema.optional(),
    /** Or a facts file (YAML or JSON), relative to the spec. */
    factsFile: z.string().min(1).optional(),
    evidence: z.array(EvidenceEntrySchema).nullish(),
    // An empty `build:` (every option commented out) reads as null.
    build: BuildSpecSchema.nullish(),
  })
  .superRefine((spec, context) => {
    if (spec.facts && spec.factsFile) {
      context.addIssue({
        code: 'custom',
        path: ['factsFile'],
        message: 'error.spec.factsTwice',
      });
    }
  });

export type CaseSpec = z.infer<typeof CaseSpecSchema>;
export type EvidenceEntry = z.infer<typeof EvidenceEntrySchema>;
export type BuildSpec = z.infer<typeof BuildSpecSchema>;
