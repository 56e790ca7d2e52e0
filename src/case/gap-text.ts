import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTemplateYaml } from '../model/template-yaml.js';
import type { Gap } from './gaps.js';

interface GapTemplates {
  readonly title: string;
  readonly intro: string;
  readonly none: string;
  readonly levels: Readonly<Record<string, string>>;
  readonly line: string;
  readonly codes: Readonly<
    Record<
      string,
      {
        readonly what: string;
        readonly what_payment?: string;
        readonly why: string;
        readonly how: Readonly<Record<string, string>>;
      }
    >
  >;
  readonly missing: Readonly<Record<string, string>>;
  /** `{field.couponCode}` in a text: where the family answers it, in their words. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A gap in the family's words: what is missing, then one sentence on why and how (per app). */
export interface GapText {
  readonly what: string;
  readonly advice: string;
  readonly line: string;
}

export interface GapTexts {
  readonly title: string;
  readonly intro: string;
  readonly none: string;
  describe(gap: Gap): GapText;
}

/** Reads templates/<lang>/gaps.yaml (from src/case/ and dist/case/ alike). */
export function loadGapTexts(language: 'fr' | 'en'): GapTexts {
  const url = new URL(`../../templates/${language}/gaps.yaml`, import.meta.url);
  const templates = parseTemplateYaml(
    fileURLToPath(url),
    readFileSync(url, 'utf8'),
  ) as GapTemplates;
  const fill = (text: string, values: Readonly<Record<string, string>>) =>
    text.replace(
      /\{(field\.)?(\w+)\}/g,
      (whole, isField: string | undefined, name: string) =>
        (isField ? templates.fields[name] : values[name]) ?? whole,
    );
  return {
    title: templates.title,
    intro: templates.intro,
    none: templates.none,
    describe(gap) {
      const entry = templates.codes[gap.code];
      if (!entry) throw new Error(`templates/${language}/gaps.yaml has no "${gap.code}"`);
      const values = {
        payment: String(gap.payment ?? ''),
        platform: gap.platform ?? '',
        exhibits: (gap.exhibits ?? []).join(', '),
        missing: (gap.missing ?? []).map((field) => templates.missing[field] ?? field).join(', '),
      };
      const what = fill(
        gap.payment !== undefined && entry.what_payment ? entry.what_payment : entry.what,
        values,
      );
      const how = entry.how[gap.app ?? 'default'] ?? entry.how.default ?? '';
      return {
        what,
        advice: `${entry.why} ${fill(how, values)}`,
        line: fill(templates.line, { level: templates.levels[gap.level] ?? gap.level, what }),
      };
    },
  };
}
