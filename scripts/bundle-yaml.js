#!/usr/bin/env node
// Run by `npm run build` after tsc, as scripts/bundle-zod.js: writes yaml as one file,
// dist/node_modules/yaml/index.js, which the compiled CLI finds before the project's
// node_modules/yaml. yaml's Node build is 73 CommonJS files: build, facts import, a spec and the
// wizard read YAML (the templates, the facts file), and loading those files cost about 0.07 s of
// CPU, against 0.03 s for the same code in one file (issue 12). It is the same code (yaml's Node
// build, not its browser one), so the same results and messages. Only `parse` and `stringify`
// are exported, the functions src/ calls: the build fails, naming the file, when dist/ imports
// anything else from yaml.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const target = join(dist, 'node_modules', 'yaml');
const EXPORTED = new Set(['parse', 'stringify']);

function* listCompiled(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* listCompiled(path);
    } else if (entry.name.endsWith('.js')) yield path;
  }
}

const misuses = [...listCompiled(dist)].flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const where = relative(root, file);
  const wrong = [];
  const imports = [
    ...text.matchAll(/\bimport\b([^;]*?)\bfrom\s*['"](yaml(?:\/[^'"]*)?)['"]/g),
    ...text.matchAll(
      /(?:const|let|var)\s+([^;=]*?)\s*=\s*await\s+import\(\s*['"](yaml(?:\/[^'"]*)?)['"]\s*\)/g,
    ),
  ];
  for (const [, what, from] of imports) {
    const names = /^\{([^}]*)\}$/
      .exec(what.trim())?.[1]
      .split(',')
      .map((name) => name.trim().split(/\s+as\s+|\s*:\s*/)[0]);
    if (from !== 'yaml' || !names?.every((name) => EXPORTED.has(name)))
      wrong.push(`${where} imports ${what.trim()} from '${from}'`);
  }
  const dynamic = text.match(/\bimport\(\s*['"]yaml\b/g)?.length ?? 0;
  const destructured = imports.filter(([whole]) => whole.includes('import(')).length;
  if (dynamic > destructured) wrong.push(`${where} imports yaml dynamically without naming what`);
  return wrong;
});
if (misuses.length > 0) {
  throw new Error(
    `${misuses.join('; ')}: scripts/bundle-yaml.js bundles yaml's ${[...EXPORTED].join(', ')} alone (import { parse } from 'yaml', or export what you need from that bundle)`,
  );
}

const require = createRequire(import.meta.url);
const yamlFolder = dirname(require.resolve('yaml/package.json'));
const manifest = JSON.parse(readFileSync(join(yamlFolder, 'package.json'), 'utf8'));
rmSync(target, { recursive: true, force: true });
await build({
  input: join(root, 'scripts', 'yaml-entry.js'),
  platform: 'node',
  logLevel: 'warn',
  output: { file: join(target, 'index.js'), format: 'esm' },
});
mkdirSync(target, { recursive: true });
copyFileSync(join(yamlFolder, 'LICENSE'), join(target, 'LICENSE'));
writeFileSync(
  join(target, 'package.json'),
  `${JSON.stringify(
    {
      name: 'yaml',
      version: manifest.version,
      description: `yaml ${manifest.version} (${manifest.license}) in one file, written by scripts/bundle-yaml.js`,
      license: manifest.license,
      type: 'module',
      exports: { '.': './index.js' },
    },
    null,
    2,
  )}\n`,
);
