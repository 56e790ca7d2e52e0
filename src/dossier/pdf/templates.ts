import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../model/errors.js';
import { parseTemplateYaml } from '../../model/template-yaml.js';

/** `templates/` at the package root, from src/dossier/pdf/ and from dist/dossier/pdf/ alike. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

export interface OffenceText {
  readonly article: string;
  readonly name: string;
  readonly text: string;
}

export interface Channel {
  readonly channel: string;
  readonly for: string;
  readonly conditions: string;
}

/** Every visible string of the dossier, in one language. */
export interface DossierTexts {
  readonly language: 'fr' | 'en';
  /** The string at a dotted key, with `{name}` placeholders filled in. */
  t(key: string, vars?: Readonly<Record<string, string | number>>): string;
  /** A list of paragraphs at a dotted key. */
  list(key: string): readonly string[];
  readonly offences: {
    readonly title: string;
    readonly intro: string;
    readonly items: readonly OffenceText[];
  };
  readonly whereToTurn: {
    readonly title: string;
    readonly items: readonly Channel[];
    readonly advice_title: string;
    readonly advice: readonly string[];
    readonly columns: Readonly<Record<'channel' | 'for' | 'conditions', string>>;
    /** Shown only when an intimate image or a threat to spread it is recorded. */
    readonly takedown?: {
      readonly title: string;
      readonly intro: string;
      readonly items: readonly Channel[];
      readonly note: string;
    };
  };
}

/**
 * Reads templates/<lang>/dossier.json, offences.yaml and where-to-turn.yaml.
 * A missing key is a bug in the templates: it throws, naming the key and the file.
 */
export async function loadDossierTexts(
  language: 'fr' | 'en',
  templatesDir: string = DEFAULT_TEMPLATES_DIR,
): Promise<DossierTexts> {
  const dir = `${templatesDir.replace(/\/$/, '')}/${language}`;
  const read = async (name: string) => {
    try {
      return await readFile(`${dir}/${name}`, 'utf8');
    } catch (cause) {
      throw new UsageError(
        { code: 'error.dossier.pdf.templates.dossierTemplatesRead', params: { dir, name } },
        { cause },
      );
    }
  };
  const strings = JSON.parse(await read('dossier.json')) as Record<string, unknown>;
  const readYaml = async (name: string) => parseTemplateYaml(`${dir}/${name}`, await read(name));
  const offences = (await readYaml('offences.yaml')) as DossierTexts['offences'];
  const whereToTurn = (await readYaml('where-to-turn.yaml')) as DossierTexts['whereToTurn'];
  const lookup = (key: string): unknown => {
    let node: unknown = strings;
    for (const part of key.split('.')) {
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    }
    if (node === undefined) {
      throw new Error(`templates/${language}/dossier.json has no "${key}"`);
    }
    return node;
  };
  return {
    language,
    t(key, vars) {
      const value = lookup(key);
      if (typeof value !== 'string')
        throw new Error(`templates/${language}: "${key}" is not a string`);
      return vars ? fillPlaceholders(value, vars) : value;
    },
    list(key) {
      const value = lookup(key);
      if (!Array.isArray(value)) throw new Error(`templates/${language}: "${key}" is not a list`);
      return value as string[];
    },
    offences,
    whereToTurn,
  };
}

function fillPlaceholders(text: string, vars: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
