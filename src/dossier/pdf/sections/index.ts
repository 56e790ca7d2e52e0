import type { DossierSection } from '../context.js';
import { authorSection } from './author.js';
import { chronologySection } from './chronology.js';
import { coverSection } from './cover.js';
import { custodySection } from './custody.js';
import { exhibitIndexSection } from './exhibit-index.js';
import { exhibitsSection } from './exhibits.js';
import { methodSection } from './method.js';
import { offencesSection } from './offences.js';
import { paymentsSection } from './payments.js';
import { summarySection } from './summary.js';
import { unconfirmedSection } from './unconfirmed.js';

/** The sections of the dossier, in the order of the PDF (issue 5). Adding one is one line. */
export const DOSSIER_SECTIONS: readonly DossierSection[] = [
  coverSection,
  summarySection,
  authorSection,
  paymentsSection,
  chronologySection,
  exhibitIndexSection,
  exhibitsSection,
  custodySection,
  methodSection,
  offencesSection,
  unconfirmedSection,
];
