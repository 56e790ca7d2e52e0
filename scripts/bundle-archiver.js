#!/usr/bin/env node
// Run by `npm run build` after tsc, as scripts/bundle-zod.js: writes archiver's ZipArchive as one
// file, dist/node_modules/archiver/index.js, which the compiled CLI finds before the project's
// node_modules/archiver. archiver 8 is ES modules that import about 90 files of CommonJS and ES
// packages (async, readable-stream twice, minimatch, lazystream, tar-stream, zip-stream…): every
// build loaded them through the ES module loader, about 0.2 s of CPU, against about 0.05 s for
// the same code in one file (issue 12). It is the same code, so the same ZIP bytes and messages.
// crc-32 stays outside the bundle: src/bagit/fast-crc32.ts swaps its `buf` for zlib's, and the
// bundle must call that same package. Only `ZipArchive` is exported, what src/ uses: the build
// fails, naming the file, when dist/ imports anything else from archiver.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const target = join(dist, 'node_modules', 'archiver');
const EXPORTED = new Set(['ZipArchive']);
/** Packages the bundle imports instead of holding (see above). */
const EXTERNAL = ['crc-32'];

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
  for (const [, what, from] of text.matchAll(
    /\bimport\b([^;]*?)\bfrom\s*['"](archiver(?:\/[^'"]*)?)['"]/g,
  )) {
    const names = /^\{([^}]*)\}$/
      .exec(what.trim())?.[1]
      .split(',')
      .map((name) => name.trim().split(/\s+as\s+/)[0]);
    if (from !== 'archiver' || !names?.every((name) => EXPORTED.has(name)))
      wrong.push(`${where} imports ${what.trim()} from '${from}'`);
  }
  if (/\bimport\(\s*['"]archiver\b/.test(text)) wrong.push(`${where} imports archiver dynamically`);
  return wrong;
});
if (misuses.length > 0) {
  throw new Error(
    `${misuses.join('; ')}: scripts/bundle-archiver.js bundles archiver's ${[...EXPORTED].join(', ')} alone (import { ZipArchive } from 'archiver', or export what you need from that bundle)`,
  );
}

const require = createRequire(import.meta.url);
const archiverFolder = dirname(require.resolve('archiver'));
const manifest = JSON.parse(readFileSync(join(archiverFolder, 'package.json'), 'utf8'));
rmSync(target, { recursive: true, force: true });
const { output } = await build({
  input: join(root, 'scripts', 'archiver-entry.js'),
  platform: 'node',
  logLevel: 'warn',
  external: EXTERNAL,
  output: { file: join(target, 'index.js'), format: 'esm' },
});
mkdirSync(target, { recursive: true });
copyFileSync(join(archiverFolder, 'LICENSE'), join(target, 'LICENSE'));
writeFileSync(join(target, 'THIRD-PARTY-LICENSES'), collectLicenses(output[0].moduleIds));
writeFileSync(
  join(target, 'package.json'),
  `${JSON.stringify(
    {
      name: 'archiver',
      version: manifest.version,
      description: `archiver ${manifest.version} (${manifest.license}) ZipArchive in one file, with the packages it imports (THIRD-PARTY-LICENSES), written by scripts/bundle-archiver.js`,
      license: manifest.license,
      type: 'module',
      exports: { '.': './index.js' },
    },
    null,
    2,
  )}\n`,
);

/** Each bundled package's name, version and licence text, for THIRD-PARTY-LICENSES. */
function collectLicenses(moduleIds) {
  const folders = new Set();
  for (const id of moduleIds) {
    const at = id.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) continue;
    const rest = id.slice(at + 14).split(sep);
    const depth = rest[0].startsWith('@') ? 2 : 1;
    folders.add(id.slice(0, at + 14) + rest.slice(0, depth).join(sep));
  }
  const sections = [...folders].sort().map((folder) => {
    const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    const file = readdirSync(folder).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = file ? readFileSync(join(folder, file), 'utf8') : '';
    return `${pkg.name} ${pkg.version} (${pkg.license ?? 'see its package'})\n\n${text.trim()}\n`;
  });
  return sections.join('\n----------------------------------------\n\n');
}
