import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { SignalKind, SignalPatterns } from '../model/findings.js';

/** `templates/` at the package root, from src/findings/ and dist/findings/ alike. */
const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
const KINDS: readonly SignalKind[] = ['demand', 'threat', 'deadline'];

interface SignalsFile {
  readonly demand?: unknown;
  readonly threat?: unknown;
  readonly deadline?: unknown;
  readonly keywords?: Partial<Record<SignalKind, unknown>>;
}

/** Compiles signals.yaml texts (one per language) into case-insensitive patterns, in order; `.` crosses line ends (a sentence read by OCR runs over several lines). */
export function compileSignalPatterns(yamlTexts: readonly string[]): SignalPatterns {
  const patterns: Record<SignalKind, RegExp[]> = { demand: [], threat: [], deadline: [] };
  const keywords: Record<SignalKind, string[]> = { demand: [], threat: [], deadline: [] };
  for (const text of yamlTexts) {
    const parsed = (parseYaml(text) ?? {}) as SignalsFile;
    for (const kind of KINDS) {
      for (const source of listOf(parsed[kind], kind))
        patterns[kind].push(new RegExp(source, 'is'));
      for (const word of listOf(parsed.keywords?.[kind], `keywords.${kind}`)) {
        keywords[kind].push(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
    }
  }
  const compiled = {} as Record<SignalKind, { keywords: RegExp; patterns: RegExp[] }>;
  for (const kind of KINDS) {
    compiled[kind] = {
      // No keyword list: every text is tried.
      keywords: keywords[kind].length > 0 ? new RegExp(keywords[kind].join('|'), 'i') : /(?:)/,
      patterns: patterns[kind],
    };
  }
  return compiled;
}

function listOf(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`signals.yaml: "${name}" must be a list`);
  return value.map(String);
}

/** The French and English patterns: evidence is read with both, whatever the dossier's language. */
export async function loadSignalPatterns(templatesDir = TEMPLATES_DIR): Promise<SignalPatterns> {
  const texts = await Promise.all(
    ['fr', 'en'].map((language) => readFile(`${templatesDir}/${language}/signals.yaml`, 'utf8')),
  );
  return compileSignalPatterns(texts);
}
