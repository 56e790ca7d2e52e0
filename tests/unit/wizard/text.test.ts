import { describe, expect, it } from 'vitest';
import { fillTemplate, formatAmount, loadWizardText } from '../../../src/cli/wizard/text.js';
import { wrapText } from '../../../src/cli/wizard/wrap.js';

describe('plurals and agreement come from the templates', () => {
  const fr = new Intl.PluralRules('fr');
  const template = '{count, plural, =0 {aucune pièce} one {# pièce} other {# pièces}} de {name}';
  it.each([
    [0, 'aucune pièce de Léa'],
    [1, '1 pièce de Léa'],
    [2, '2 pièces de Léa'],
  ])('%d → %s', (count, expected) => {
    expect(fillTemplate(template, { count, name: 'Léa' }, fr)).toBe(expected);
  });

  it('no "1 messages" in the French wizard, nor "(s)"', () => {
    const text = loadWizardText('fr');
    expect(text('exhibit.conversation', { id: 'P1', app: 'WhatsApp', title: 'x', count: 1 })).toBe(
      '  P1  conversation WhatsApp « x » (1 message)',
    );
    expect(text('cases.title', { count: 1, home: '/h' })).toBe('1 dossier dans /h :');
    expect(text('evidence.chat-found', { app: 'A', title: 't', count: 2, media: 0 })).toContain(
      '2 messages, aucune photo, vidéo ni fichier',
    );
    const raw = JSON.stringify(
      Object.fromEntries(
        ['case.line', 'review.exhibits-sensitive', 'cases.sensitive', 'evidence.exclude-intro'].map(
          (key) => [key, text(key, { count: 1, exhibits: 1 })],
        ),
      ),
    );
    expect(raw).not.toContain('(s)');
  });
});

describe('amounts in the family language', () => {
  it.each([
    [200.5, 'EUR', 'fr', '200,50 €'],
    [1200, 'EUR', 'fr', '1 200 €'],
    [50, 'EUR', 'en', '€50'],
    [0.01, 'BTC', 'fr', '0,01 BTC'],
    [10, 'USDT', 'fr', '10 USDT'],
  ] as const)('%d %s (%s) → %s', (amount, currency, language, expected) => {
    expect(formatAmount(amount, currency, language).replace(/[\u00a0\u202f]/g, ' ')).toBe(expected);
  });
});

describe('lines broken at spaces to the terminal width', () => {
  it('never cuts a word, and lines continuation up under a bullet', () => {
    const line = '  • Parlez-en à quelqu’un de confiance. Ce n’est pas la faute de votre enfant.';
    const wrapped = wrapText(line, 40);
    for (const part of wrapped.split('\n')) expect(part.length).toBeLessThanOrEqual(40);
    expect(wrapped.replace(/\n\s+/g, ' ')).toBe(line);
    expect(wrapped.split('\n')[1]).toMatch(/^ {4}\S/);
  });

  it('leaves a long path whole', () => {
    const path = `/home/sophie/${'x'.repeat(60)}.png`;
    expect(wrapText(`Introuvable : ${path}`, 40)).toBe(`Introuvable :\n${path}`);
  });
});

describe('French punctuation when lines are broken', () => {
  it('keeps "vite :" and "« code RECH »" together', () => {
    const wrapped = wrapText(
      'Gardez les reçus. Prévenez vite : le service client « code RECH »',
      30,
    );
    expect(wrapped).not.toMatch(/\n[:;?!»]/);
    expect(wrapped).not.toMatch(/«\n/);
  });
});
