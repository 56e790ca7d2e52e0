import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `templates/` at the package root, from src/model/ and dist/model/ alike. */
const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
/** The parsed YAML templates `npm run build` writes (scripts/write-template-json.js). */
const PARSED_DIR = fileURLToPath(new URL('../../dist/templates/', import.meta.url));

/**
 * The value of a YAML file of templates/ (`text`, read from `path`). `npm run build` writes each
 * one parsed, as JSON, with the SHA-256 of the YAML it came from: that JSON is used when the YAML
 * is still the same, so a build reads the dossier's texts without loading the YAML parser and
 * running it over four files (about 0.05 s of CPU, issue 12). A template edited since, one outside
 * templates/ or a build without that step gets the YAML parsed, as before: the same value.
 */
export function parseTemplateYaml(path: string, text: string): unknown {
  const parsed = readParsedTemplate(path, text);
  if (parsed) return parsed.value;
  // Loaded only here: required, so that the loaders stay synchronous (the bundle of dist/ is an
  // ES module, which Node 20.19 and later require).
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text);
}

function readParsedTemplate(path: string, text: string): { readonly value: unknown } | undefined {
  const name = relative(TEMPLATES_DIR, resolve(path));
  if (name.startsWith('..') || isAbsolute(name)) return undefined;
  let stored: { sha256?: unknown; value?: unknown };
  try {
    stored = JSON.parse(readFileSync(join(PARSED_DIR, `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  return stored.sha256 === sha256 ? { value: stored.value } : undefined;
}
