import { cp, mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { initCase, withCase } from '../case/store.js';
import type { BuildResult } from '../dossier/build.js';
import { addEvidence } from '../evidence/add.js';
import { fixedClock } from '../model/clock.js';
import { UsageError } from '../model/errors.js';
import { FactsSchema } from '../model/facts.js';
import { buildCase } from './build.js';

/** The demo's fixed reference and clock: the same demo always builds the same dossier. */
export const DEMO_REFERENCE = 'PRV-20261121-DEMO';
const DEMO_TIME = '2026-11-21T09:30:00.000Z';
/** The file date the demo gives its invented files: a checkout's own dates would change the dossier. */
const DEMO_FILE_TIME = new Date('2026-11-21T09:00:00.000Z');
const DEMO_OPERATOR = 'Sam Martin (démonstration)';

export interface DemoRequest {
  /** Folder for the demo case (replaced if it already holds a case). */
  readonly caseDir: string;
  /** The bundled synthetic evidence (examples/demo). */
  readonly examplesDir: string;
  readonly toolVersion: string;
  readonly signal?: AbortSignal;
}

/**
 * Builds a complete dossier from the bundled synthetic evidence: two Instagram screenshots, a French
 * Android WhatsApp export with media, a payment receipt, a description-only sensitive item, and the
 * facts in French. Everything is invented.
 */
export async function runDemo(request: DemoRequest): Promise<BuildResult & { caseDir: string }> {
  const caseDir = resolve(request.caseDir);
  await clearPreviousDemo(caseDir);
  const clock = fixedClock(DEMO_TIME);
  // The invented files are copied with a fixed file date, so the dossier (and its fingerprint) is
  // the same from any clone; the copies are removed once the demo case holds its own.
  const staging = await mkdtemp(join(tmpdir(), 'preuve-demo-'));
  await cp(request.examplesDir, staging, { recursive: true });
  await setFileDates(staging, DEMO_FILE_TIME);
  const demo = (path: string) => join(staging, path);
  try {
    return await buildDemoCase(request, caseDir, clock, demo);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function setFileDates(dir: string, time: Date): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await setFileDates(path, time);
    await utimes(path, time, time);
  }
}

async function buildDemoCase(
  request: DemoRequest,
  caseDir: string,
  clock: ReturnType<typeof fixedClock>,
  demo: (path: string) => string,
): Promise<BuildResult & { caseDir: string }> {
  await initCase({
    dir: caseDir,
    operator: DEMO_OPERATOR,
    organisation: 'Association Exemple Aide',
    language: 'fr',
    timeZone: 'Europe/Paris',
    reference: DEMO_REFERENCE,
    clock,
  });
  const options = { command: 'demo', operator: DEMO_OPERATOR, clock };
  return withCase(caseDir, options, async (session) => {
    const add = (paths: string[], details: Record<string, string | boolean>) =>
      addEvidence(session, {
        paths,
        isSensitive: false,
        operator: DEMO_OPERATOR,
        clock,
        ...details,
      });
    await add([demo('captures/Screenshot_20261120-210412_Instagram.png')], {
      app: 'Instagram',
      device: 'Téléphone de Camille',
      description:
        'Premier message du compte lea.exemple.2009, qui propose de passer sur WhatsApp.',
    });
    await add([demo('captures/Screenshot_20261120-214355_Instagram.png')], {
      app: 'Instagram',
      device: 'Téléphone de Camille',
      description: 'Menace : 300 € en coupons PCS, sinon envoi de la photo aux abonnés.',
    });
    await add([demo('whatsapp')], {
      device: 'Téléphone de Camille',
      description: 'Conversation WhatsApp exportée avec les médias (Android, français).',
    });
    await add([demo('recu-coupon-pcs.pdf')], {
      kind: 'document',
      description: 'Reçu du coupon PCS de 50 € acheté et dont le code a été envoyé à l’auteur.',
    });
    await addEvidence(session, {
      paths: [],
      isSensitive: true,
      operator: DEMO_OPERATOR,
      clock,
      description:
        'Montage à caractère sexuel envoyé par l’auteur le 20/11 à 21:38 (« <Médias omis> » dans l’export WhatsApp). Non copié : il reste sur le téléphone de Camille.',
      where: 'Téléphone de Camille, WhatsApp, conversation « Inconnu_77 »',
    });
    const facts = FactsSchema.parse(parseYaml(await readFile(demo('facts.yaml'), 'utf8')));
    let caseFile = session.current();
    await session.commit({ ...caseFile, facts }, [
      { action: 'facts-import', details: { file: 'examples/demo/facts.yaml' } },
    ]);
    caseFile = session.current();
    const whatsapp = caseFile.exhibits.find((exhibit) => exhibit.conversation)!;
    await session.commit(
      {
        ...caseFile,
        exhibits: caseFile.exhibits.map((exhibit) =>
          exhibit === whatsapp
            ? {
                ...exhibit,
                // The demand is the 7th message (stored sequence 6).
                highlights: [
                  { seq: 6, note: 'Exigence de 300 € en coupons PCS, avec menace de diffusion.' },
                ],
              }
            : exhibit,
        ),
      },
      [{ action: 'highlight', details: { exhibit: `P${whatsapp.number}`, seq: 6, message: 7 } }],
    );
    const result = await buildCase(session, {
      operator: DEMO_OPERATOR,
      clock,
      toolVersion: request.toolVersion,
      force: true,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { ...result, caseDir };
  });
}

async function clearPreviousDemo(caseDir: string): Promise<void> {
  const entries = await readdir(caseDir).catch(() => undefined);
  if (!entries || entries.length === 0) return;
  const caseJson = await readFile(join(caseDir, 'case.json'), 'utf8').catch(() => '');
  if (!caseJson.includes(`"reference": "${DEMO_REFERENCE}"`)) {
    throw new UsageError({ code: 'error.app.demo.emptyPreviousDemo', params: { caseDir } });
  }
  await rm(caseDir, { recursive: true, force: true });
  await stat(caseDir).catch(() => undefined);
}
