#!/usr/bin/env node
// Run by `npm run build` after tsc, as scripts/bundle-zod.js: writes each library below as one
// file, dist/node_modules/<name>/index.js, which the compiled CLI finds before the project's
// node_modules/<name> (Node looks for a package in the node_modules folder nearest the importing
// file first). Each is ES modules that import dozens of files, loaded at every run of a command
// through the ES module loader (issue 12):
// - archiver's ZipArchive, about 90 files (async, readable-stream twice, minimatch, lazystream,
//   tar-stream, zip-stream…): 0.2 s of CPU at each build, 0.05 s in one file;
// - file-type's fileTypeFromBuffer, about 40 files (strtok3, token-types, debug…): 0.075 s of CPU
//   at each add, 0.02 s in one file.
// It is the same code, so the same ZIP bytes, the same types and the same messages. A package in
// `external` stays outside the bundle: src/bagit/fast-crc32.ts swaps crc-32's `buf` for zlib's,
// and archiver must call that same package. Only the names src/ uses are exported: the build
// fails, naming the file, when dist/ imports anything else from these packages. The licences of
// the packages a bundle holds are written beside it (THIRD-PARTY-LICENSES).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const LIBRARIES = [
  { name: 'archiver', exported: ['ZipArchive'], external: ['crc-32'] },
  { name: 'file-type', exported: ['fileTypeFromBuffer'], external: [] },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

function* listCompiled(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* listCompiled(path);
    } else if (entry.name.endsWith('.js')) yield path;
  }
}

const compiled = [...listCompiled(dist)].map((file) => ({
  where: relative(root, file),
  text: readFileSync(file, 'utf8'),
}));
const misuses = LIBRARIES.flatMap(({ name, exported }) =>
  compiled.flatMap(({ where, text }) => findMisuses(name, new Set(exported), where, text)),
);
if (misuses.length > 0) {
  throw new Error(
    `${misuses.join('; ')}: scripts/bundle-libraries.js bundles only ${LIBRARIES.map(({ name, exported }) => `${name}'s ${exported.join(', ')}`).join(' and ')} (import those names statically, or export what you need from the bundle)`,
  );
}

for (const library of LIBRARIES) await bundleLibrary(library);

/** The imports of `name` in one compiled file that its bundle would not satisfy. */
function findMisuses(name, exported, where, text) {
  const escaped = name.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
  const wrong = [];
  const imports = new RegExp(
    `\\bimport\\b([^;]*?)\\bfrom\\s*['"](${escaped}(?:/[^'"]*)?)['"]`,
    'g',
  );
  for (const [, what, from] of text.matchAll(imports)) {
    const names = /^\{([^}]*)\}$/
      .exec(what.trim())?.[1]
      .split(',')
      .map((part) => part.trim().split(/\s+as\s+/)[0]);
    if (from !== name || !names?.every((imported) => exported.has(imported)))
      wrong.push(`${where} imports ${what.trim()} from '${from}'`);
  }
  if (new RegExp(`\\bimport\\(\\s*['"]${escaped}\\b`).test(text))
    wrong.push(`${where} imports ${name} dynamically`);
  return wrong;
}

async function bundleLibrary({ name, exported, external }) {
  const target = join(dist, 'node_modules', name);
  const folder = findPackageFolder(name);
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const entryId = `\0preuve-entry:${name}`;
  rmSync(target, { recursive: true, force: true });
  const { output } = await build({
    input: entryId,
    platform: 'node',
    logLevel: 'warn',
    external,
    plugins: [
      {
        name: 'preuve-entry',
        resolveId: (id) => (id === entryId ? id : null),
        load: (id) =>
          id === entryId ? `export { ${exported.join(', ')} } from '${name}';\n` : null,
      },
    ],
    output: { file: join(target, 'index.js'), format: 'esm' },
  });
  mkdirSync(target, { recursive: true });
  const licence = readdirSync(folder).find((file) => /^licen[cs]e(\.|$)/i.test(file));
  if (licence) copyFileSync(join(folder, licence), join(target, 'LICENSE'));
  writeFileSync(join(target, 'THIRD-PARTY-LICENSES'), collectLicences(output[0].moduleIds));
  writeFileSync(
    join(target, 'package.json'),
    `${JSON.stringify(
      {
        name,
        version: manifest.version,
        description: `${name} ${manifest.version} (${manifest.license}): ${exported.join(', ')} in one file with the packages it imports (THIRD-PARTY-LICENSES), written by scripts/bundle-libraries.js`,
        license: manifest.license,
        type: 'module',
        exports: { '.': './index.js' },
      },
      null,
      2,
    )}\n`,
  );
}

/** The package's folder (its package.json may not be exported: found from its main file). */
function findPackageFolder(name) {
  let folder = dirname(require.resolve(name));
  while (!folder.endsWith(`${sep}node_modules${sep}${name.split('/').join(sep)}`))
    folder = dirname(folder);
  return folder;
}

/** Each bundled package's name, version and licence text. */
function collectLicences(moduleIds) {
  const marker = `${sep}node_modules${sep}`;
  const folders = new Set();
  for (const id of moduleIds) {
    const at = id.lastIndexOf(marker);
    if (at < 0) continue;
    const rest = id.slice(at + marker.length).split(sep);
    const depth = rest[0].startsWith('@') ? 2 : 1;
    folders.add(id.slice(0, at + marker.length) + rest.slice(0, depth).join(sep));
  }
  return [...folders]
    .sort()
    .map((folder) => {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      const file = readdirSync(folder).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
      const text = file ? readFileSync(join(folder, file), 'utf8').trim() : '';
      return `${pkg.name} ${pkg.version} (${pkg.license ?? 'see its package'})\n\n${text}\n`;
    })
    .join('\n----------------------------------------\n\n');
}
