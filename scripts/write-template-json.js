#!/usr/bin/env node
// Run by `npm run build` after tsc: writes each YAML file of templates/ parsed, as JSON, to
// dist/templates/<lang>/<name>.yaml.json with the SHA-256 of the YAML text it came from.
// src/model/template-yaml.ts uses it while the YAML is unchanged, so that a build reads its texts
// without loading and running the YAML parser (issue 12). The build fails, naming the file, when
// a template's value would not come back the same from JSON (a date, a non-finite number…).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const templates = join(root, 'templates');
const target = join(root, 'dist', 'templates');

function* listYaml(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* listYaml(path);
    else if (entry.name.endsWith('.yaml')) yield path;
  }
}

rmSync(target, { recursive: true, force: true });
for (const file of listYaml(templates)) {
  const text = readFileSync(file, 'utf8');
  const value = parse(text);
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value))
    throw new Error(`${relative(root, file)}: its value does not survive JSON; keep it plain`);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const out = join(target, `${relative(templates, file)}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ sha256, value })}\n`);
}
