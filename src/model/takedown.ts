import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Exhibit } from './exhibit.js';
import type { Facts } from './facts.js';
import { parseTemplateYaml } from './template-yaml.js';

/**
 * Takedown advice (Take It Down, the 3018) is shown when an intimate image was sent (a sensitive
 * exhibit) or a threat to spread the images is recorded: every threat in the facts is one
 * ("publish the images, send them to the family, the school…").
 */
export function needsTakedownAdvice(input: {
  readonly facts: Facts;
  readonly exhibits: readonly Exhibit[];
}): boolean {
  return (
    input.exhibits.some((exhibit) => exhibit.isSensitive) || (input.facts.threats ?? []).length > 0
  );
}

export interface TakedownAdvice {
  readonly title: string;
  readonly intro: string;
  readonly items: readonly {
    readonly channel: string;
    readonly for: string;
    readonly conditions: string;
  }[];
  readonly note: string;
}

/** The takedown block of templates/<lang>/where-to-turn.yaml (the PDF reads the same block). */
export function loadTakedownAdvice(language: 'fr' | 'en'): TakedownAdvice {
  const url = new URL(`../../templates/${language}/where-to-turn.yaml`, import.meta.url);
  const parsed = parseTemplateYaml(fileURLToPath(url), readFileSync(url, 'utf8'));
  return (parsed as { takedown: TakedownAdvice }).takedown;
}

/** The advice as lines for a terminal: title, intro, one line per service, the note. */
export function takedownLines(advice: TakedownAdvice): string[] {
  return [
    advice.title,
    advice.intro,
    ...advice.items.map((item) => `- ${item.channel} — ${item.for} ${item.conditions}`),
    advice.note,
  ];
}
