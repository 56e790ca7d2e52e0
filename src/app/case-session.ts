/**
 * Opening, creating and finding cases for the interfaces that hold a case open across several
 * steps: the wizard (one session between questions) and `preuve recover` (open, finish an
 * interrupted change, close). The CLI reaches case/ only through app/ (cli → app → core).
 */
export { listCases } from '../case/cases-home.js';
export { createCaseReference } from '../case/reference.js';
export { initCase, isCaseFolder, loadCase, withCase } from '../case/store.js';
export type { CaseSession } from '../model/case-session.js';
