import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
export const DEMO = join(ROOT, 'examples/demo');
export const AMBIGUOUS_CHAT = join(ROOT, 'tests/fixtures/whatsapp/ambiguous-en.txt');

/** What a generated spec should do in the batch, and the words its failure must contain. */
export interface GeneratedSpec {
  readonly name: string;
  readonly file: string;
  readonly expected: 'built' | 'failed';
  readonly reason?: RegExp;
}

/**
 * A good spec: one Instagram capture of the demo, a note of its own (so every case differs), a
 * description-only sensitive item and inline facts. Every third one also takes the demo's WhatsApp
 * export. Invented people only.
 */
export function goodSpec(dir: string, index: number): string {
  const note = join(dir, 'evidence', `note-${index}.txt`);
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  writeFileSync(note, `Note of case ${index}: the account inconnu_${index} wrote first.\n`);
  const lines = [
    `name: famille-${String(index).padStart(2, '0')}`,
    `reference: PRV-20261130-B${String(index).padStart(3, '0')}`,
    'language: fr',
    'timeZone: Europe/Paris',
    `operator: Intervenant ${index} (test)`,
    'facts:',
    '  victim: { firstName: Camille, ageAtTheTime: 15, isMinor: true }',
    `  narrative: Cas inventé numéro ${index}.`,
    'evidence:',
    `  - path: ${join(DEMO, 'captures/Screenshot_20261120-210412_Instagram.png')}`,
    '    app: Instagram',
    '    description: Premier message.',
    `  - path: evidence/note-${index}.txt`,
    '    kind: document',
    '  - sensitive: true',
    `    description: Montage envoyé par l'auteur (cas ${index}), non copié.`,
    '    where: Téléphone de Camille',
  ];
  if (index % 3 === 0) lines.push(`  - path: ${join(DEMO, 'whatsapp')}`, '    dateOrder: dmy');
  return `${lines.join('\n')}\n`;
}

/**
 * The good specs of the batch: two alike, one that also takes the WhatsApp export (3), and the
 * JSON one (7). Each good case costs a build; more of the same proved nothing more (the batch ran
 * 15 until it took a tenth of the suite's CPU).
 */
const GOOD_SPECS = [1, 2, 3, 7];

/** 9 specs in `dir`: 4 good (one of them JSON) and 5 bad ones, one per kind of mistake. */
export function writeBatchSpecs(dir: string): GeneratedSpec[] {
  mkdirSync(dir, { recursive: true });
  const specs: GeneratedSpec[] = [];
  const write = (file: string, text: string, spec: Omit<GeneratedSpec, 'file'>) => {
    writeFileSync(join(dir, file), text);
    specs.push({ ...spec, file: join(dir, file) });
  };
  for (const index of GOOD_SPECS) {
    const name = `famille-${String(index).padStart(2, '0')}`;
    if (index === 7) {
      write(`${name}.json`, JSON.stringify(yamlToJsonSpec(index, dir), null, 2), {
        name,
        expected: 'built',
      });
    } else write(`${name}.yaml`, goodSpec(dir, index), { name, expected: 'built' });
  }
  write(
    'x-missing-file.yaml',
    goodSpec(dir, 16).replace('evidence/note-16.txt', 'evidence/does-not-exist.png'),
    { name: 'famille-16', expected: 'failed', reason: /evidence\[1\]\.path.*no such file/ },
  );
  write('x-bad-yaml.yaml', 'name: broken\nevidence:\n  - path: [unclosed\n', {
    name: 'x-bad-yaml',
    expected: 'failed',
    reason: /not valid YAML/,
  });
  write(
    'x-unknown-field.yaml',
    goodSpec(dir, 18).replace('    app: Instagram', '    colour: red'),
    {
      name: 'famille-18',
      expected: 'failed',
      reason: /evidence\[0\]: unknown field "colour"/,
    },
  );
  write(
    'x-ambiguous-dates.yaml',
    `${goodSpec(dir, 19)}  - path: ${AMBIGUOUS_CHAT}\n    description: Export WhatsApp aux dates ambiguës.\n`,
    { name: 'famille-19', expected: 'failed', reason: /set dateOrder: dmy/ },
  );
  write(
    'x-bad-facts.json',
    JSON.stringify({ name: 'famille-20', facts: { firstContactDate: '20/11/2026' } }),
    { name: 'famille-20', expected: 'failed', reason: /facts\.firstContactDate: expected a date/ },
  );
  return specs;
}

function yamlToJsonSpec(index: number, dir: string): Record<string, unknown> {
  const note = join(dir, 'evidence', `note-${index}.txt`);
  mkdirSync(join(dir, 'evidence'), { recursive: true });
  writeFileSync(note, `Note of case ${index} (JSON spec).\n`);
  return {
    name: `famille-${String(index).padStart(2, '0')}`,
    reference: `PRV-20261130-B${String(index).padStart(3, '0')}`,
    language: 'en',
    facts: { victim: { initials: 'C. D.', isMinor: true } },
    evidence: [
      { path: join(DEMO, 'recu-coupon-pcs.pdf'), kind: 'document', description: 'Receipt.' },
      { path: `evidence/note-${index}.txt` },
    ],
  };
}

/** Files a build or an add leaves while it works: none may remain. */
export function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => /^\.(tmp-|staging-)|\.build-[0-9a-f]{8}$|^\.preuve\.lock$/.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}
