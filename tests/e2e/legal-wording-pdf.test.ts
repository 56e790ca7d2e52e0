import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { copyDemo } from '../helpers/demo-case.js';
import { canUseTools, requireTool } from '../helpers/tools.js';

/**
 * The corrected legal sentences, read in the BUILT French dossier (not only in the templates).
 * Each one was checked against ../shared/FRANCE.md (service-public F1567, Légifrance, eIDAS,
 * art. 427 CPP) before being pinned here.
 */
let dir: string;
let demoText: string;
let paidText: string;

function pdfTextOf(caseDir: string): string {
  const out = join(caseDir, 'out');
  const pdf = join(out, readdirSync(out).find((f) => f.endsWith('.pdf'))!);
  return spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
}

beforeAll(() => {
  dir = makeTempDir('preuve-legal-pdf-');
  // Built only where the cross-check tools are (each test below needs them; CI requires them).
  if (!canUseTools('pdftotext')) return;
  const demo = join(dir, 'demo');
  copyDemo(demo);
  demoText = pdfTextOf(demo);
  // The same case, paid by transfer and in crypto: the advice follows the payment means.
  writeFileSync(
    join(dir, 'payments.yaml'),
    'payments:\n  - amount: 100\n    currency: EUR\n    method: transfer\n    status: paid\n  - amount: 0.002\n    currency: BTC\n    method: crypto\n    status: paid\n',
  );
  expect(
    runPreuve(['facts', 'import', join(dir, 'payments.yaml'), '--case', demo, '-y']).code,
  ).toBe(0);
  expect(runPreuve(['build', '--case', demo, '--force', '-y']).code).toBe(0);
  paidText = pdfTextOf(demo);
}, 120_000);
beforeEach((context) => requireTool(context, 'pdftotext'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the law and wording as printed in the French dossier (issue 17 point 8)', () => {
  it('who may file for a minor (service-public F1567), and a dépôt de plainte rather than a main courante', () => {
    expect(demoText).toContain('Un mineur peut porter plainte seul ou accompagné');
    expect(demoText).toContain('ses parents peuvent aussi porter plainte en son nom');
    expect(demoText).not.toContain('ne peut pas porter plainte seul');
    expect(demoText).toContain('demander un dépôt de plainte, pas une main courante');
  });

  it('quotes 227-22-2 as it reads, dates the SREN articles, and names 312-11 and 226-2-1', () => {
    expect(demoText).toContain("« y compris si cette incitation n'est pas suivie d'effet »");
    expect(demoText).toMatch(/art\. 312-10 — [^»]*?loi SREN du 21 mai 2024[^.]*\. [^.]*?112-1/);
    expect(demoText).toMatch(/art\. 226-8-1 — [^»]*?loi SREN du 21 mai 2024/);
    expect(demoText).toContain('art. 312-11');
    expect(demoText).toContain('art. 226-2-1');
  });

  it('says « horodatage RFC 3161 par un tiers », never « qualifié » for it', () => {
    expect(demoText).toContain('Horodatages RFC 3161 par un tiers');
    expect(demoText).not.toMatch(/horodatages? qualifiés?/i);
    expect(demoText).not.toMatch(/\bqualifiée?s?\b/);
  });

  it('proof is free in criminal matters (art. 427 CPP), and integrity holds only from the anchor', () => {
    expect(demoText).toContain('art. 427 du Code de procédure pénale');
    expect(demoText).not.toContain('commencement de preuve');
    expect(demoText).toContain('horodatée par un tiers ou relevée par les enquêteurs');
    expect(demoText).not.toContain('depuis leur collecte');
  });

  it('the sensitive item banner says what the police ask, not a threat to the family', () => {
    expect(demoText).toContain(
      "ne jamais copier, transférer ni photographier une image intime d'un mineur, même pour la leur remettre : elle reste sur l'appareil, à la disposition des enquêteurs",
    );
    expect(demoText).not.toMatch(/est une infraction \(art\. 227-23[^)]*\), même pour/);
  });

  it('who to tell fast follows the payment means: coupon issuer, bank, exchange', () => {
    expect(demoText).toContain("prévenir l'émetteur au plus vite, avec le code du coupon");
    expect(demoText).not.toContain('Virement ou carte : prévenir la banque');
    expect(paidText).toContain('Virement ou carte : prévenir la banque au plus vite');
    expect(paidText).toContain("Cryptomonnaie : prévenir la plateforme d'échange utilisée");
  });
});
