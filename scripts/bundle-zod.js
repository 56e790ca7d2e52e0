#!/usr/bin/env node
// Run by `npm run build` after tsc: writes zod as one file, dist/node_modules/zod/index.js, which
// the compiled CLI finds before the project's node_modules/zod (Node looks for a package in the
// node_modules folder nearest the importing file first). zod is 95 ES modules (every locale
// included), the largest part of the start-up of every command that reads a case (issue 13):
// one file of the same code loads in about half the time, and one holding only the members src/
// uses (scripts/zod-entry.js: 170 KB instead of 650) in less again (issue 12). Nothing in src/
// changes: its `import { z } from 'zod'` resolves to the real package in tests that run src/ and
// to this file in dist/. So the build fails, naming the file, when dist/ imports a zod subpath
// (zod/mini, zod/v4/core: it would not resolve to this file), imports anything but `z`, or calls a
// member of `z` that scripts/zod-entry.js does not export.
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

const zodUsers = [...listCompiled(dist)].flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  return /\bfrom\s*['"]zod['"/]|\bimport\(\s*['"]zod\b/.test(text) ? [{ file, text }] : [];
});
const entry = join(root, 'scripts', 'zod-entry.js');
const exported = new Set(
  /export const z = \{([^}]*)\}/
    .exec(readFileSync(entry, 'utf8'))[1]
    .split(',')
    .map((member) => member.split(':')[0].trim())
    .filter(Boolean),
);
const misuses = zodUsers.flatMap(({ file, text }) => {
  const where = relative(root, file);
  const imports = [...text.matchAll(/\bimport\b([^;]*?)\bfrom\s*['"](zod[^'"]*)['"]/g)];
  const wrong = imports.flatMap(([, what, from]) =>
    from !== 'zod' || what.trim() !== '{ z }'
      ? [`${where} imports ${what.trim()} from '${from}'`]
      : [],
  );
  if (/\bimport\(\s*['"]zod/.test(text)) wrong.push(`${where} imports zod dynamically`);
  const members = new Set([...text.matchAll(/(?<![\w.$])z\.(\w+)/g)].map(([, name]) => name));
  const missing = [...members].filter((name) => !exported.has(name));
  if (missing.length > 0) wrong.push(`${where} calls z.${missing.join(', z.')}`);
  return wrong;
});
if (misuses.length > 0) {
  throw new Error(
    `${misuses.join('; ')}: scripts/bundle-zod.js bundles the \`z\` of scripts/zod-entry.js alone (import { z } from 'zod', or add the member to that file)`,
  );
}

const require = createRequire(import.meta.url);
const zodFolder = dirname(require.resolve('zod/package.json'));
const manifest = JSON.parse(readFileSync(join(zodFolder, 'package.json'), 'utf8'));
rmSync(target, { recursive: true, force: true });
await build({
  input: entry,
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
