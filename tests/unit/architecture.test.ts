import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point one way: cli → app → core → model (DESIGN.md, "Layout of the code").
 * This is the one place the allowed edges between the folders of src/ are written.
 * `types` allows `import type` only; `runtime` allows any import.
 */
type Use = 'types' | 'runtime';
type Area =
  | 'cli'
  | 'app'
  | 'case'
  | 'evidence'
  | 'chats'
  | 'findings'
  | 'dossier'
  | 'bagit'
  | 'timestamp'
  | 'verify'
  | 'signing'
  | 'model';

const CORE = [
  'case',
  'evidence',
  'chats',
  'findings',
  'dossier',
  'bagit',
  'timestamp',
  'verify',
  'signing',
];

const ALLOWED: Record<Area, Partial<Record<Area, Use>>> = {
  cli: { app: 'runtime', model: 'runtime' },
  app: { ...Object.fromEntries(CORE.map((area) => [area, 'runtime'])), model: 'runtime' },
  case: { model: 'runtime' },
  evidence: { chats: 'runtime', model: 'runtime' },
  chats: { model: 'runtime' },
  findings: { chats: 'runtime', model: 'runtime' },
  dossier: { bagit: 'runtime', signing: 'runtime', model: 'runtime' },
  bagit: { model: 'runtime' },
  timestamp: { model: 'runtime' },
  verify: { bagit: 'runtime', signing: 'runtime', model: 'runtime' },
  // The operator's key (create, open) and the Ed25519 signature of a dossier: dossier signs with
  // it, verify checks it, app creates and opens the key.
  signing: { model: 'runtime' },
  model: {},
};

interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly isTypeOnly: boolean;
}

const SRC = resolve(import.meta.dirname, '../../src');

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of one file, static and dynamic. */
function readImports(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(pattern)) {
    const specifier = match[2] ?? match[3]!;
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    edges.push({ from: file, to: target, isTypeOnly: Boolean(match[1]) });
  }
  return edges;
}

function areaOf(file: string): Area {
  return relative(SRC, file).split('/')[0] as Area;
}

const edges = listSources(SRC).flatMap(readImports);

describe('the import graph of src/', () => {
  it('has only the edges of the table', () => {
    const outside: string[] = [];
    for (const edge of edges) {
      const from = areaOf(edge.from);
      const to = areaOf(edge.to);
      if (from === to) continue;
      const use = ALLOWED[from]?.[to];
      if (use === 'runtime' || (use === 'types' && edge.isTypeOnly)) continue;
      outside.push(
        `${relative(SRC, edge.from)} → ${relative(SRC, edge.to)}${edge.isTypeOnly ? ' (type)' : ''}`,
      );
    }
    expect(outside).toEqual([]);
  });

  it('names only folders that exist', () => {
    const areas = new Set(listSources(SRC).map(areaOf));
    const unknown = [...areas].filter((area) => !(area in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it('has no cycle between files', () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges) graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push(
          [...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '),
        );
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('finds the imports it checks (the parser is not blind)', () => {
    const build = edges.filter((edge) => relative(SRC, edge.from) === 'app/build.ts');
    expect(build.map((edge) => relative(SRC, edge.to))).toContain('dossier/build.ts');
  });
});
