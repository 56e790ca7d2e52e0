import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../src/case/store.js';
import { makeTempDir } from '../helpers/cli.js';
import { AUTHOR_PHONE, writeSextortionCase } from '../helpers/sextortion-case.js';
import { WizardDriver } from './wizard-driver.js';

const REFERENCE = 'PRV-20261130-3456';

/** The questions before the evidence: the mother, her contact, the child, her commune. */
async function answerPeople(t: WizardDriver): Promise<void> {
  await t.choose('Qui remplit ce dossier ?', 1);
  await t.answer('Votre prénom et votre nom', 'Sophie Martin');
  await t.answer('Un téléphone ou un e-mail', '06 00 00 00 12');
  await t.answer("Le prénom de l'enfant", 'Léa');
  await t.answer('Son âge, ou sa date de naissance', '15');
  await t.answer("La commune où vit l'enfant", 'Exempleville');
}

/** Three screenshots, the intimate image (ticked), the WhatsApp export and its photo (not ticked); Léa is the child. */
async function answerEvidence(t: WizardDriver, root: string): Promise<void> {
  const { captures, chat } = await writeSextortionCase(root);
  await t.answer('Fichiers ou dossiers', `${captures} ${chat}`);
  await t.waitFor('Conversation reconnue (WhatsApp)');
  await t.choose('Parmi ces 5 images ou vidéos', 0);
  await t.tickBoxes('Cochez celles qui montrent une image nue ou sexuelle', [3]);
  await t.choose(`Dans « ${AUTHOR_PHONE} », lequel de ces noms est celui de votre enfant ?`, 1);
  await t.answer("D'autres fichiers ?", '');
}

describe('the wizard reads the evidence before asking (issue 14)', () => {
  it('three screenshots, an intimate image, a WhatsApp export: 200 € demanded, 50 € paid, in ≤ 25 answers', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const t = new WizardDriver();
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await answerEvidence(t, root);
    const screen = await t.waitFor('Que garder ?', 60_000);
    expect(screen).toContain('Voici ce que les preuves montrent');
    // Identifiers, then amounts, then threatening messages.
    const list = await t.waitFor('Menace : « ');
    expect(list).toContain('Numéro de téléphone : +33600000042 — P1 message 2');
    expect(list).toContain('Pseudo : @inconnu_77 (lu, non vérifiable) — P1 message 2');
    expect(list).toMatch(/Montant : 200\s€ — P1 message 5, P3 sur l'image/);
    expect(list).not.toMatch(/Montant : 50/);
    // Nothing is ticked in advance: the family keeps everything with "a" (tick all).
    await t.press('all', 'enter');
    await t.answer('Le jour du premier contact', '13/11/2026');
    // The kept threats answer "which threats?": it is not asked.
    await t.answer(
      'En quelques phrases',
      'Un inconnu a demandé 200 euros en menaçant de publier une photo.',
    );
    await t.choose('envoyé des images de lui-même', 1);
    await t.choose('Des images ont-elles déjà été diffusées', 2);
    const money = await t.waitFor(/Argent demandé, lu dans les preuves : 200\s€/);
    expect(money).toContain(
      'Comptes de cette personne lus dans les preuves : @inconnu_77 (P1), +33600000042 (P1, P2)',
    );
    expect(money).not.toContain('Sur quelle application');
    expect(money).not.toContain('Quelles ont été les menaces');
    await t.choose("De l'argent a-t-il été payé ?", 1);
    await t.answer('Combien a été payé ?', '50 €');
    await t.choose('Par quel moyen ?', 1);
    await t.answer('Le code du coupon', 'RECH 0000 1111 2222 3333');
    await t.answer('Le jour du paiement', '15/11/2026');
    await t.choose('Y a-t-il eu un autre paiement ?', 0);
    await t.tickBoxes("Qu'avez-vous déjà fait ?", [0]);
    await t.choose('Où pensez-vous remettre le dossier ?', 1);
    const review = (await t.waitFor('Et maintenant ?')).replace(/[\u00a0\u202f]/g, ' ');
    expect(review).toContain(
      'Commune : Exempleville — A envoyé des images : Oui — Images diffusées : Non',
    );
    expect(review).toContain(
      "Comptes de l'auteur : @inconnu_77 (lu dans P1), +33600000042 (lu dans P1, P2)",
    );
    expect(review).toContain('Argent demandé : 200 € (lu dans P1, P3)');
    expect(review).toContain('Argent payé : 50 € (Coupon PCS, le 15/11/2026)');
    expect(review).not.toContain('À vérifier');
    await t.choose('', 0);
    const outcome = await run;
    expect(outcome.built?.pdfPath).toBeDefined();

    // Every prompt answered shows ✔ once: the budget of issue 14.
    const answers = t.text.match(/✔/g)?.length ?? 0;
    console.log(`issue 14 case: ${answers} answers`);
    expect(answers).toBeLessThanOrEqual(25);

    const caseDir = join(home, REFERENCE);
    const caseFile = await loadCase(caseDir);
    const chat = caseFile.exhibits.find((exhibit) => exhibit.conversation);
    expect(chat?.conversation?.victimName).toBe('Léa');
    expect(caseFile.facts.victim).toMatchObject({ commune: 'Exempleville', sentImages: true });
    expect(caseFile.facts.diffusion).toEqual({ happened: false });
    expect(caseFile.facts.threats).toBeUndefined();
    expect(caseFile.facts.payments).toEqual([
      expect.objectContaining({
        amount: 200,
        status: 'demanded',
        source: 'evidence',
        exhibits: ['P1', 'P3'],
      }),
      expect.objectContaining({
        amount: 50,
        status: 'paid',
        method: 'pcs',
        couponCode: '0000 1111 2222 3333',
      }),
    ]);
    expect(caseFile.facts.authorIdentifiers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          phone: '+33600000042',
          source: 'evidence',
          exhibits: ['P1', 'P2'],
        }),
        expect.objectContaining({ handle: '@inconnu_77', source: 'evidence', exhibits: ['P1'] }),
      ]),
    );
    expect(chat?.highlights?.length).toBeGreaterThanOrEqual(1);
    const custody = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8');
    expect(custody).toContain('"findings-accept"');
    expect(custody).toContain('+33600000042');
  }, 120_000);

  it('flags on the review screen a typed number, amount and means the evidence contradicts', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const t = new WizardDriver();
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await answerEvidence(t, root);
    // Nothing kept: the accounts and the demand are asked, and typed wrong.
    await t.waitFor('Que garder ?', 60_000);
    await t.press('enter');
    await t.answer('Le jour du premier contact', '');
    await t.tickBoxes('Quelles ont été les menaces ?', [0]);
    await t.answer('En quelques phrases', '');
    await t.choose('envoyé des images de lui-même', 3);
    await t.choose('Des images ont-elles déjà été diffusées', 1);
    await t.answer('Où, ou à qui', 'à des camarades de classe sur Instagram');
    await t.choose('Sur quelle application cette personne', 3);
    await t.answer('Son pseudo, son numéro', '+33 6 00 00 00 99');
    await t.choose('Connaissez-vous un autre compte', 0);
    await t.choose("Vous a-t-on demandé de l'argent", 1);
    await t.answer('Combien a été demandé ?', '300 €');
    await t.choose('Par quel moyen fallait-il payer ?', 6);
    await t.answer("L'adresse du portefeuille", '');
    await t.answer('Le jour de la demande', '');
    await t.choose("Y a-t-il eu une autre demande d'argent ?", 0);
    await t.choose("De l'argent a-t-il été payé ?", 2);
    await t.tickBoxes("Qu'avez-vous déjà fait ?", []);
    await t.choose('Où pensez-vous remettre le dossier ?', 0);
    const review = (await t.waitFor('Et maintenant ?')).replace(/[\u00a0\u202f]/g, ' ');
    expect(review).toContain(
      'Commune : Exempleville — A envoyé des images : non renseigné — Images diffusées : Oui (à des camarades de classe sur Instagram)',
    );
    expect(review).toContain(
      'À vérifier — ce que vous avez indiqué ne correspond pas aux preuves :',
    );
    expect(review).toContain(
      "Le numéro de l'auteur +33 6 00 00 00 99 n'apparaît dans aucune pièce ; les pièces montrent : +33600000042.",
    );
    expect(review).toContain(
      "Le montant 300 EUR n'apparaît dans aucun message ; les messages indiquent : 200 EUR, 50 EUR.",
    );
    expect(review).toContain(
      "Le moyen de paiement « Cryptomonnaie » n'apparaît pas dans les messages ; ils indiquent : Coupon PCS.",
    );
    await t.choose('', 2);
    await run;
    const caseFile = await loadCase(join(home, REFERENCE));
    expect(caseFile.facts.victim?.sentImages).toBeUndefined();
    expect(caseFile.facts.diffusion).toEqual({
      happened: true,
      where: 'à des camarades de classe sur Instagram',
    });
    expect(
      caseFile.facts.authorIdentifiers?.every((identifier) => identifier.source !== 'evidence'),
    ).toBe(true);
  }, 120_000);

  it('asks to confirm a day/month order read from the layout alone, and reads the export again the other way on "Non"', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const { chat } = await writeSextortionCase(root, { layoutDates: true });
    const t = new WizardDriver();
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', chat);
    const intro = await t.waitFor('est-ce juste ?');
    expect(intro).toContain(
      "aucun jour ne dépasse 12 : l'ordre du jour et du mois vient seulement de la présentation de l'export",
    );
    expect(intro).toContain(
      '04/11/2026 lu comme le 4 novembre 2026 ; 05/11/2026 lu comme le 5 novembre 2026',
    );
    await t.choose('', 1);
    await t.waitFor('Conversation reconnue (WhatsApp)');
    await t.tickBoxes('Cochez ceux qui montrent une image nue ou sexuelle', []);
    await t.choose('lequel de ces noms est celui de votre enfant ?', 2);
    await t.answer("D'autres fichiers ?", '');
    await t.choose('seulement sur le téléphone', 0);
    await t.interrupt('Que garder ?');
    await expect(run).rejects.toThrow();
    const caseFile = await loadCase(join(home, REFERENCE));
    const conversation = caseFile.exhibits[0]?.conversation;
    expect(conversation?.dateOrder).toBe('mdy');
    expect(conversation?.victimName).toBeUndefined();
    const header = readFileSync(join(home, REFERENCE, conversation!.headerPath), 'utf8');
    expect(header).toContain('2026-04-11');
  }, 120_000);
});
