#!/usr/bin/env node
// Run by `npm run build` after tsc: writes zod as one file, dist/node_modules/zod/index.js, which
// the compiled CLI finds before the project's node_modules/zod (Node looks for a package in the
// node_modules folder nearest the importing file first). zod is 95 ES modules (every locale
// included), the largest part of the start-up of every command that reads a case (issue 13):
// one file of the same code loads in about half the time. Nothing in src/ changes: its
// `import { z } from 'zod'` resolves to the real package in tests that run src/ and to this file
// in dist/. Only `zod` itself is bundled: a subpath import (zod/mini, zod/v4/core) in dist/ would
// not resolve to it, so the build fails naming it.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const target = join(dist, 'node_modules', 'zod');

function* listCompiled(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* listCompiled(path);
    } else if (entry.name.endsWith('.js')) yield path;
  }
}

const subpaths = [...listCompiled(dist)].filter((file) =>
  /\bfrom\s*['"]zod\/|\bimport\(\s*['"]zod\//.test(readFileSync(file, 'utf8')),
);
if (subpaths.length > 0) {
  throw new Error(
    `${subpaths.map((file) => relative(root, file)).join(', ')} import a zod subpath: scripts/bundle-zod.js bundles 'zod' alone (import it, or bundle that subpath too)`,
  );
}

const require = createRequire(import.meta.url);
const zodFolder = dirname(require.resolve('zod/package.json'));
const manifest = JSON.parse(readFileSync(join(zodFolder, 'package.json'), 'utf8'));
rmSync(target, { recursive: true, force: true });
await build({
  input: join(zodFolder, manifest.exports['.'].import),
  platform: 'node',
  logLevel: 'warn',
  output: { file: join(target, 'index.js'), format: 'esm' },
});
mkdirSync(target, { recursive: true });
copyFileSync(join(zodFolder, 'LICENSE'), join(target, 'LICENSE'));
writeFileSync(
  join(target, 'package.json'),
  `${JSON.stringify(
    {
      name: 'zod',
      version: manifest.version,
      description: `zod ${manifest.version} (${manifest.license}) in one file, written by scripts/bundle-zod.js`,
      license: manifest.license,
      type: 'module',
      exports: { '.': './index.js' },
    },
    null,
    2,
  )}\n`,
);
