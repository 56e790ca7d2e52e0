/** The custody entry type the dossier prints; defined with the custody log in ./custody.ts. */
export type { CustodyEntry } from './custody.js';
