// The yaml that dist/ loads (scripts/bundle-yaml.js bundles this file as dist/node_modules/yaml):
// yaml's Node build, with `parse` and `stringify`, the functions src/ calls.
export { parse, stringify } from 'yaml';
