import { z } from 'zod';

/**
 * The facts a complaint needs (victim, complainant, author identifiers, payments…).
 * Placeholder until the dossier issue defines the full schema; unknown fields are kept.
 */
export const FactsSchema = z.looseObject({});

export type Facts = z.infer<typeof FactsSchema>;
