import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, EvidenceError, UsageError } from '../../../src/model/errors.js';
import { readCatalogue } from '../../../src/model/messages.js';

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
