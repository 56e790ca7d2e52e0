// The archiver that dist/ loads (scripts/bundle-archiver.js bundles this file as
// dist/node_modules/archiver): its ZipArchive, the class src/ uses.
export { ZipArchive } from 'archiver';
