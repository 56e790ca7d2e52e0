import { resolve } from 'node:path';
import { initCase } from '../case/store.js';
import type { Clock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';

export interface InitRequest {
  readonly caseDir: string;
  readonly operator: string;
  readonly clock: Clock;
  /** The dossier's language, as typed (fr or en). */
  readonly language: string;
  readonly timeZone: string;
  readonly organisation?: string;
  readonly reference?: string;
}

export interface InitResult {
  readonly reference: string;
  /** Absolute. */
  readonly caseDir: string;
  readonly operator: string;
}

/** `preuve init`: creates a case folder. */
export async function createCase(request: InitRequest): Promise<InitResult> {
  const { language } = request;
  if (language !== 'fr' && language !== 'en') {
    throw new UsageError({ code: 'error.app.init.langDossierFr', params: { language } });
  }
  if (request.reference && !/^PRV-\d{8}-[0-9A-Z]{4}$/.test(request.reference)) {
    throw new UsageError({
      code: 'error.app.init.referenceExpectedForm',
      params: { reference: request.reference },
    });
  }
  const created = await initCase({
    dir: request.caseDir,
    operator: request.operator,
    language,
    timeZone: request.timeZone,
    clock: request.clock,
    ...(request.organisation ? { organisation: request.organisation } : {}),
    ...(request.reference ? { reference: request.reference } : {}),
  });
  return {
    reference: created.reference,
    caseDir: resolve(request.caseDir),
    operator: created.operator.name,
  };
}
