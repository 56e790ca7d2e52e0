import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeError,
  EvidenceError,
  InterruptedError,
  UsageError,
} from '../../../src/model/errors.js';
import { EXHIBIT_KINDS } from '../../../src/model/exhibit.js';
import { readCatalogue, renderMessage } from '../../../src/model/messages.js';
import type { TimeSource } from '../../../src/model/time.js';

const SRC = resolve(import.meta.dirname, '../../../src');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every source file, src/cli included: the CLI's own errors are codes too (error.cli.…). */
const SOURCES = listSources(SRC);

/** Every TimeSource (src/model/time.ts), each with a label `cli.time.source.<source>`. */
const TIME_SOURCES = [
  'exif',
  'file-name',
  'file-mtime',
  'export',
  'email-date',
  'email-received',
  'clock',
  'declared',
  'tsa',
] as const satisfies readonly TimeSource[];

describe('errors as codes (templates/<lang>/messages.json, error.…)', () => {
  it('has a French and an English text for every error code the core or the CLI throws', () => {
    const fr = readCatalogue('fr');
    const en = readCatalogue('en');
    const codes = new Set<string>();
    for (const file of SOURCES) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(error\.[\w.]+)'/g))
        codes.add(match[1]!);
    }
    expect(codes.size).toBeGreaterThan(150);
    expect([...codes].filter((code) => !(code in en) || !(code in fr))).toEqual([]);
  });

  it('has a French and an English text for every line code the CLI prints (cli.…, verify.…)', () => {
    const fr = readCatalogue('fr');
    const en = readCatalogue('en');
    const codes = new Set<string>();
    for (const file of SOURCES) {
      const text = readFileSync(file, 'utf8');
      // The prefixes of line codes; wizard.json and dossier.json have keys of their own (verify.ok…).
      for (const match of text.matchAll(
        /'(cli\.[\w.-]+|verify\.(?:case|dossier|bag|custody|check|summary|expect|signature)\.[\w.-]+|evidence\.(?:skipped|added)\.[\w.-]+|custody\.(?:notJson|badSequence|brokenChain)|timestamp\.(?:check\.[\w.-]+|chainUnchecked)|(?:bag|zip)\.[\w.-]+)'/g,
      ))
        codes.add(match[1]!);
    }
    // Codes built from a value: one per exhibit kind, time source and special file.
    for (const kind of EXHIBIT_KINDS) codes.add(`cli.exhibit.kind.${kind}`);
    for (const source of TIME_SOURCES) codes.add(`cli.time.source.${source}`);
    for (const reason of ['bad-signature', 'key-mismatch', 'malformed'])
      codes.add(`verify.signature.${reason}`);
    for (const special of ['socket', 'fifo', 'device', 'other'])
      codes.add(`evidence.skipped.special.${special}`);
    expect(codes.size).toBeGreaterThan(80);
    expect([...codes].filter((code) => !(code in en) || !(code in fr))).toEqual([]);
  });

  it('never throws an English sentence, from the core or the CLI: every typed error is given a code', () => {
    const sentences: string[] = [];
    for (const file of SOURCES) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /new (?:UsageError|EvidenceError|CaseLockedError|PreuveError)\(\s*(?:['"`]|[a-z]\w*\s*[,)])/g,
      )) {
        const line = text.slice(0, match.index).split('\n').length;
        sentences.push(`${relative(SRC, file)}:${line}`);
      }
    }
    expect(sentences).toEqual([]);
  });

  it('says an interrupted add in the reader language, saying what was kept', () => {
    const error = new InterruptedError({
      code: 'error.evidence.add.interrupted',
      params: {
        describeAdded: { code: 'evidence.added.many', params: { first: 'P1', last: 'P3' } },
      },
    });
    expect(error.message).toBe(
      'Interrupted. P1 to P3 were added. The file being copied was not added. Run the same "preuve add" again to continue: files already in the case are recognised and skipped.',
    );
    expect(renderMessage('fr', error.detail!)).toMatch(
      /^Interrompu\. Les pièces P1 à P3 ont été ajoutées\. Le fichier en cours de copie/,
    );
  });

  it('renders plurals in the reader language', () => {
    const say = (language: 'fr' | 'en', count: number) =>
      renderMessage(language, { code: 'cli.add.summary.added', params: { count } });
    expect([say('fr', 0), say('fr', 1), say('fr', 2)]).toEqual([
      '0 pièce ajoutée',
      '1 pièce ajoutée',
      '2 pièces ajoutées',
    ]);
    expect([say('en', 1), say('en', 2)]).toEqual(['1 exhibit added', '2 exhibits added']);
  });

  it('renders an error in the reader language, keeping its exit code and stable code', () => {
    const error = new UsageError({
      code: 'error.case.store.caseFolderCreate',
      params: { caseDir: '/tmp/nowhere', CASE_FILE: 'case.json' },
    });
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('usage');
    expect(error.message).toBe(
      '/tmp/nowhere is not a case folder (no case.json). Create one with "preuve init <folder>", or point to it with --case <folder>.',
    );
    expect(describeError(error, 'fr')).toBe(
      "/tmp/nowhere n'est pas un dossier d'affaire (pas de case.json). Créez-en un avec « preuve init <dossier> », ou désignez-le avec --case <dossier>.",
    );
    const nested = new EvidenceError({
      code: 'error.app.facts.examplesFactsYaml',
      params: {
        where: 'facts.yaml',
        describeIssues: [
          {
            code: 'error.schema.issue',
            params: {
              where: 'victim.age',
              what: { code: 'error.schema.type', params: { expected: 'number' } },
            },
          },
        ],
        specFile: { code: 'error.app.facts.nothingImported' },
      },
    });
    expect(describeError(nested, 'fr')).toBe(
      "facts.yaml : victim.age : type attendu : number. Rien n'a été importé ; voir examples/facts.yaml pour chaque champ.",
    );
  });
});
