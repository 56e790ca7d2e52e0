import { describe, expect, it } from 'vitest';
import type { RenderContext } from '../../../src/dossier/pdf/context.js';
import { authorSection } from '../../../src/dossier/pdf/sections/author.js';
import { loadDossierTexts } from '../../../src/dossier/pdf/templates.js';
import type { Exhibit } from '../../../src/model/exhibit.js';
import type { AuthorIdentifier } from '../../../src/model/facts.js';

/** What the author section writes: its paragraphs, and the platform cell of each row. */
async function renderAuthors(
  language: 'fr' | 'en',
  authorIdentifiers: AuthorIdentifier[],
  exhibits: Partial<Exhibit>[] = [],
) {
  const paragraphs: string[] = [];
  const platforms: string[] = [];
  const texts = await loadDossierTexts(language);
  const w = {
    section: async () => {},
    paragraph: async (text: string) => {
      paragraphs.push(text);
    },
    table: async (_columns: unknown, rows: unknown[][]) => {
      for (const row of rows) platforms.push(row[0] as string);
    },
  };
  const ctx = {
    model: { authorIdentifiers, exhibits, timeZone: 'Europe/Paris' },
    texts,
    w,
    time: () => '',
    orMissing: (value: string | number | undefined | null) =>
      value === undefined || value === null || value === ''
        ? texts.t('common.notProvided')
        : String(value),
  } as unknown as RenderContext;
  await authorSection.render(ctx);
  return { intro: paragraphs[0]!, platforms };
}

const WHATSAPP_CHAT = { number: 3, kind: 'conversation', app: 'WhatsApp' } as const;
const INSTAGRAM_SHOT = { number: 1, kind: 'image', app: 'Instagram' } as const;

describe('the author table says where its identifiers come from (regression: always "relevés par la famille", platform "non renseigné")', () => {
  it('keeps "relevés par la famille" when every identifier was typed', async () => {
    const { intro, platforms } = await renderAuthors('fr', [
      { platform: 'Instagram', handle: '@lea.exemple.2009' },
    ]);
    expect(intro).toMatch(/^Identifiants relevés par la famille\./);
    expect(platforms).toEqual(['Instagram']);
  });

  it('says identifiers read in the evidence were read there, and takes the platform from the chat export', async () => {
    const { intro, platforms } = await renderAuthors(
      'fr',
      [
        {
          phone: '+33600000099',
          source: 'evidence',
          exhibits: ['P3'],
          seenIn: [{ exhibit: 'P3', message: 4 }],
        },
        { handle: '@inconnu_77', source: 'evidence', seenIn: [{ exhibit: 'P1', isImage: true }] },
      ],
      [WHATSAPP_CHAT, INSTAGRAM_SHOT],
    );
    expect(intro).toMatch(/^Identifiants lus dans les pièces/);
    expect(intro).not.toContain('relevés par la famille');
    expect(intro).toContain("c'est l'application de cet export qui est indiquée");
    // Read on a screenshot: no chat export names the app, so the platform stays unknown.
    expect(platforms).toEqual(['WhatsApp', 'non renseigné']);
  });

  it('says "typed or read" when both kinds are there, and never overrides a typed platform', async () => {
    const { intro, platforms } = await renderAuthors(
      'en',
      [
        { platform: 'Snapchat', pseudonym: 'Inconnu_77', seenIn: [{ exhibit: 'P3', message: 2 }] },
        { handle: '@lea', source: 'evidence', seenIn: [{ exhibit: 'P3', message: 5 }] },
      ],
      [WHATSAPP_CHAT],
    );
    expect(intro).toMatch(/^Identifiers typed by the family or read in the exhibits/);
    expect(platforms).toEqual(['Snapchat', 'WhatsApp']);
  });
});
