import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTemplateYaml } from '../../../src/model/template-yaml.js';

const TEMPLATES = resolve(import.meta.dirname, '../../../templates');
const YAML_FILES = ['fr', 'en'].flatMap((language) =>
  readdirSync(join(TEMPLATES, language))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => join(TEMPLATES, language, name)),
);

/**
 * Issue 12: `npm run build` writes each YAML template parsed (dist/templates/, with the SHA-256 of
 * its YAML); a build reads that instead of parsing. It must always give what parsing gives.
 */
describe('parseTemplateYaml', () => {
  it.each(YAML_FILES)('gives what the YAML parser gives for %s', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(parseTemplateYaml(file, text)).toStrictEqual(parse(text));
  });

  it('parses a template edited since the build, never the stale parsed form', () => {
    const file = join(TEMPLATES, 'fr', 'gaps.yaml');
    const text = `${readFileSync(file, 'utf8')}\nedited_after_build: oui\n`;
    expect(parseTemplateYaml(file, text)).toMatchObject({ edited_after_build: 'oui' });
  });

  it('parses a file outside templates/ (a templates folder given to the renderer)', () => {
    const text = 'title: Ailleurs\nitems: [1, 2]\n';
    expect(parseTemplateYaml('/elsewhere/fr/offences.yaml', text)).toStrictEqual({
      title: 'Ailleurs',
      items: [1, 2],
    });
  });
});
