import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../../helpers/tools.js';
import { renderSample } from './render-helpers.js';

/**
 * Renders the French and English sample dossiers, and with PREUVE_SAMPLE_DIR=<dir> also writes PNG
 * pages there (pdftoppm -png -r 60) to look at them.
 */
describe('sample dossier', () => {
  for (const language of ['fr', 'en'] as const) {
    it(`renders the ${language} sample`, async (context) => {
      const keep = process.env.PREUVE_SAMPLE_DIR;
      // The PNG pages are only for looking at: asked for, they need pdftoppm.
      if (keep) requireTool(context, 'pdftoppm');
      const dir = keep ? `${keep}/${language}` : undefined;
      if (dir) await mkdir(dir, { recursive: true });
      const { pdf, pages } = await renderSample(language, { dir });
      expect(pages).toBeGreaterThan(10);
      if (dir) execFileSync('pdftoppm', ['-png', '-r', '60', pdf, `${dir}/page`]);
    });
  }
});
