import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../src/case/store.js';
import { InterruptedError } from '../../src/model/errors.js';
import { allBytesUnder } from '../helpers/case-state.js';
import { makeTempDir } from '../helpers/cli.js';
import { WizardDriver } from './wizard-driver.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/whatsapp');
const REFERENCE = 'PRV-20261130-3456';

/** Two screenshots, and (when asked) a synthetic "intimate" image with bytes found nowhere else. */
async function writeCaptures(dir: string, withIntimate = false): Promise<string> {
  mkdirSync(dir, { recursive: true });
  for (const [name, red] of [
    ['Screenshot_20261128-210455.png', 240],
    ['Screenshot_20261128-211003.png', 200],
  ] as const) {
    await sharp({
      create: { width: 120, height: 240, channels: 3, background: { r: red, g: 240, b: 245 } },
    })
      .png()
      .toFile(join(dir, name));
  }
  if (withIntimate) {
    await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 30, b: 60 } },
    })
      .jpeg({ quality: 77 })
      .toFile(join(dir, 'intime.jpg'));
  }
  return dir;
}

/** The questions before the evidence, answered as a parent would: the mother fills it in. */
async function answerPeople(t: WizardDriver): Promise<void> {
  // "Passer" is the first choice of every list, so each real answer is one row down.
  await t.choose('Qui remplit ce dossier ?', 1);
  await t.answer('Votre prénom et votre nom', 'Sophie Martin');
  await t.answer('Un téléphone ou un e-mail', '06 00 00 00 12');
  await t.answer("Le prénom de l'enfant", 'Léa');
  await t.answer('Son âge, ou sa date de naissance', '15');
  await t.answer("La commune où vit l'enfant", '');
}

/**
 * The questions after the evidence (which here shows nothing to keep): 200 € demanded in PCS
 * coupons, 50 € paid.
 */
async function answerFacts(t: WizardDriver): Promise<void> {
  await t.answer('Le jour du premier contact', '2 novembre 2026');
  await t.tickBoxes('Quelles ont été les menaces ?', [0]);
  await t.answer(
    'En quelques phrases',
    'Un inconnu a demandé 200 euros en menaçant de publier une photo.',
  );
  await t.choose('envoyé des images de lui-même', 0);
  await t.choose('Des images ont-elles déjà été diffusées', 0);
  await t.choose('Sur quelle application cette personne', 1);
  await t.waitFor('Télécharger vos informations');
  await t.waitFor("jusqu'à 48 h");
  await t.answer('Son pseudo, son numéro', 'inconnu_77');
  await t.choose('Connaissez-vous un autre compte', 0);
  await t.choose("Vous a-t-on demandé de l'argent", 1);
  await t.answer('Combien a été demandé ?', '200 €');
  await t.choose('Par quel moyen fallait-il payer ?', 1);
  await t.answer('Le jour de la demande', '');
  await t.choose("Y a-t-il eu une autre demande d'argent ?", 0);
  await t.choose("De l'argent a-t-il été payé ?", 1);
  await t.answer('Combien a été payé ?', '50 €');
  await t.choose('Par quel moyen ?', 1);
  await t.answer('Le code du coupon', 'RECH 0000 1111');
  await t.waitFor("« RECH 0000 1111 » n'est pas un code de recharge PCS : il faut 16 chiffres");
  await t.press('clear');
  await t.answer('', 'RECH 0000 1111 2222 3333');
  await t.answer('Le jour du paiement', '28/11/2026');
  await t.choose('Y a-t-il eu un autre paiement ?', 0);
  await t.waitFor('ne payez plus rien');
  await t.waitFor('Coupon PCS : prévenez vite le service client PCS, avec le code du coupon');
  await t.tickBoxes("Qu'avez-vous déjà fait ?", [0]);
  await t.choose('Où pensez-vous remettre le dossier ?', 1);
}

/** The positions (from 0) of the listed images whose line contains each of `names`. */
function positionsIn(screen: string, names: readonly string[]): number[] {
  const listed = screen
    .split('\n')
    .filter((line) => line.startsWith('  • '))
    .slice(-12);
  return names.map((name) => listed.findIndex((line) => line.includes(name)));
}

/** Chooses "build" on the review screen; the dossier is written and the next steps shown. */
async function expectBuild(t: WizardDriver, run: Promise<unknown>): Promise<void> {
  await t.choose('Et maintenant ?', 0);
  await t.waitFor('Création du dossier');
  const outcome = (await run) as { built?: { pdfPath: string; zipPath: string } };
  expect(existsSync(outcome.built!.pdfPath)).toBe(true);
  expect(existsSync(outcome.built!.zipPath)).toBe(true);
  await t.waitFor('Le dossier est prêt');
  await t.waitFor(`À lire et à imprimer : ${outcome.built!.pdfPath}`);
  await t.waitFor("Apportez : la pièce d'identité du parent ou du tuteur qui porte plainte");
}

describe('the wizard, in French, for a parent', () => {
  it('goes from nothing to the build in about 25 answers, saving facts and evidence', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const captures = await writeCaptures(join(root, 'captures'));
    const t = new WizardDriver();
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await t.waitFor('Ne payez pas.');
    await t.waitFor('Rien ne quitte cet ordinateur');
    await answerPeople(t);
    const export_ = join(FIXTURES, 'android-fr-media');
    await t.answer('Fichiers ou dossiers', `'${captures}' ${export_.replace(/ /g, '\\ ')}`);
    await t.waitFor('Conversation reconnue (WhatsApp)');
    await t.waitFor('Screenshot_20261128-210455.png');
    // The screenshots and the export's photos in one question.
    await t.choose('images ou vidéos, est-ce que l', 1);
    await t.choose('lequel de ces noms est celui de votre enfant ?', 1);
    await t.waitFor('P3  image : Screenshot_20261128-211003.png');
    await t.answer("D'autres fichiers ?", '');
    await t.choose('seulement sur le téléphone', 0);
    await t.waitFor('Les preuves ne montrent ni identifiant');
    await answerFacts(t);
    // Amounts are written the French way, with a no-break space before €.
    const review = (await t.waitFor(/Pièces : .*\n/)).replace(/[\u00a0\u202f]/g, ' ');
    expect(review).toContain('Enfant : Léa, 15 ans');
    expect(review).toContain('Premier contact : 02/11/2026');
    expect(review).toContain('Argent demandé : 200 € (Coupon PCS)');
    expect(review).toContain('Argent payé : 50 € (Coupon PCS, le 28/11/2026)');
    expect(review).toContain('Pièces : 3\n');
    expect(review).not.toMatch(/SHA|BagIt|JSON|exit code/i);
    await expectBuild(t, run);

    const caseDir = join(home, REFERENCE);
    const caseFile = await loadCase(caseDir);
    expect(caseFile.operator.name).toBe('Sophie Martin');
    expect(caseFile.language).toBe('fr');
    expect(caseFile.exhibits.map((exhibit) => exhibit.kind)).toEqual([
      'conversation',
      'image',
      'image',
    ]);
    expect(caseFile.exhibits[0]?.conversation?.victimName).toBe('Léa');
    expect(caseFile.facts).toEqual({
      complainant: { name: 'Sophie Martin', linkToVictim: 'la mère', phone: '06 00 00 00 12' },
      victim: { firstName: 'Léa', ageAtTheTime: 15, isMinor: true },
      firstContactDate: '2026-11-02',
      narrative: 'Un inconnu a demandé 200 euros en menaçant de publier une photo.',
      threats: [{ description: 'Publier les images sur Internet' }],
      authorIdentifiers: [{ platform: 'Instagram', handle: 'inconnu_77' }],
      platforms: [{ name: 'Instagram' }, { name: 'WhatsApp' }],
      payments: [
        { amount: 200, currency: 'EUR', method: 'pcs', status: 'demanded' },
        {
          date: '2026-11-28',
          amount: 50,
          currency: 'EUR',
          method: 'pcs',
          status: 'paid',
          couponCode: '0000 1111 2222 3333',
        },
      ],
      recipient: { kind: 'commissariat' },
      stepsTaken: [{ kind: 'blocked' }],
    });
    const custody = readFileSync(join(caseDir, 'custody.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; operator: string });
    expect(custody.every((entry) => entry.operator === 'Sophie Martin')).toBe(true);
    expect(custody.filter((entry) => entry.action === 'facts').length).toBeGreaterThanOrEqual(5);
    expect(existsSync(join(caseDir, '.preuve.lock'))).toBe(false);
    // Money typed by hand (nothing read in the evidence): demand and payment asked apart.
    expect(t.text.match(/✔/g)?.length).toBeLessThanOrEqual(33);
  });

  it('support-worker mode: --operator is recorded, the parent is asked for as the complainant', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const t = new WizardDriver();
    const run = t.start({ casesHome: home, operator: 'Claire Martin' });
    run.catch(() => {});
    await t.answer('Votre association ou votre service', 'France Victimes 75');
    await t.answer('Le nom du parent ou du tuteur', 'Sophie Martin');
    await t.choose('Ce parent est :', 2);
    await t.answer(
      'Un téléphone ou un e-mail où la police peut joindre ce parent',
      'sophie@example.org',
    );
    await t.interrupt("Le prénom de l'enfant");
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    const caseFile = await loadCase(join(home, REFERENCE));
    expect(caseFile.operator).toEqual({
      name: 'Claire Martin',
      organisation: 'France Victimes 75',
    });
    expect(caseFile.facts.complainant).toEqual({
      name: 'Sophie Martin',
      linkToVictim: 'le père',
      email: 'sophie@example.org',
    });
    expect(caseFile.facts.operator).toMatchObject({
      name: 'Claire Martin',
      organisation: 'France Victimes 75',
    });
  });
});

describe('an organisation written in --operator', () => {
  it('is not asked for again, and is recorded once', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const t = new WizardDriver();
    const run = t.start({ casesHome: home, operator: 'Claire Martin, Association Exemple' });
    run.catch(() => {});
    const before = await t.waitFor('Le nom du parent ou du tuteur');
    expect(before).not.toContain('Votre association ou votre service');
    await t.interrupt('');
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    const caseFile = await loadCase(join(home, REFERENCE));
    expect(caseFile.operator).toEqual({
      name: 'Claire Martin',
      organisation: 'Association Exemple',
    });
  });
});

describe('resuming after an interruption', () => {
  it('stops with Ctrl-C at three points and each time picks up at the question it stopped at', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const captures = await writeCaptures(join(root, 'captures'));
    const caseDir = join(home, REFERENCE);

    // 1. In the middle of the child's questions.
    let t = new WizardDriver();
    let run = t.start({ casesHome: home });
    run.catch(() => {});
    await t.choose('Qui remplit ce dossier ?', 1);
    await t.answer('Votre prénom et votre nom', 'Sophie Martin');
    await t.answer('Un téléphone ou un e-mail', '');
    await t.answer("Le prénom de l'enfant", 'Léa');
    await t.interrupt('Son âge, ou sa date de naissance');
    await expect(run).rejects.toThrow(
      [
        'Arrêté. Vos réponses sont enregistrées.',
        `Pour reprendre : relancez preuve et choisissez le dossier de Léa (${REFERENCE}) dans la liste.`,
        `(Ou tapez : preuve wizard ${caseDir})`,
      ].join('\n'),
    );
    expect(existsSync(join(caseDir, '.preuve.lock'))).toBe(false);

    // Resumed from the list of cases: the next question is the age, nothing asked twice.
    t = new WizardDriver();
    run = t.start({ casesHome: home });
    run.catch(() => {});
    await t.waitFor('Que voulez-vous faire ?');
    await t.waitFor(`Léa — ${REFERENCE} — 0 pièce, pas encore créé`);
    await t.choose('', 1);
    await t.waitFor('On reprend le dossier');
    const before = await t.waitFor('Son âge, ou sa date de naissance');
    expect(before).not.toContain('Votre prénom et votre nom');
    expect(before).not.toContain("Le prénom de l'enfant");
    // What is saved, and where the parent stopped; no empty headings of parts already answered.
    expect(before).toContain('Déjà enregistré :');
    expect(before).toContain('Enfant : Léa, non renseigné');
    expect(before).toContain('Préparé par : Sophie Martin');
    expect(before).toContain("Vous vous étiez arrêté à : L'enfant.");
    expect(before).not.toContain('— Qui porte plainte —');
    expect(before).toContain("— L'enfant —");
    await t.press('enter');
    await t.answer("La commune où vit l'enfant", '');
    await t.answer('Fichiers ou dossiers', captures);
    await t.choose('Parmi ces 2 images ou vidéos', 1);
    await t.waitFor('P2  image');
    // 2. After a first batch of evidence, when asked for more.
    await t.interrupt("D'autres fichiers ?");
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect((await loadCase(caseDir)).exhibits).toHaveLength(2);

    t = new WizardDriver();
    run = t.start({ casesHome: home, caseDir });
    run.catch(() => {});
    const second = await t.waitFor("D'autres fichiers ?");
    expect(second).not.toContain('Fichiers ou dossiers');
    expect(second).toContain('P2  image');
    expect(second).not.toMatch(/— (Qui porte plainte|L'enfant) —/);
    await t.answer('', join(FIXTURES, 'android-fr.txt'));
    await t.choose('lequel de ces noms est celui de votre enfant ?', 2);
    await t.waitFor('P3  conversation WhatsApp');
    await t.answer("D'autres fichiers ?", '');
    await t.choose('seulement sur le téléphone', 0);
    // The threat and the deadline of the export are shown; the parent keeps nothing.
    await t.waitFor('Menace : « tout le monde verra » — P3 message 5');
    await t.press('enter');
    await t.answer('Le jour du premier contact', '');
    await t.tickBoxes('Quelles ont été les menaces ?', []);
    await t.answer('En quelques phrases', '');
    await t.choose('envoyé des images de lui-même', 0);
    await t.choose('Des images ont-elles déjà été diffusées', 0);
    await t.choose('Sur quelle application cette personne', 1);
    await t.answer('Son pseudo, son numéro', 'inconnu_77');
    await t.choose('Connaissez-vous un autre compte', 1);
    await t.choose('Sur quelle application ?', 3);
    await t.waitFor('Exporter la discussion');
    // 3. In the middle of the second identifier of the author.
    await t.interrupt('Son pseudo, son numéro');
    await expect(run).rejects.toBeInstanceOf(InterruptedError);

    t = new WizardDriver();
    run = t.start({ casesHome: home, caseDir });
    run.catch(() => {});
    const third = await t.waitFor('Son pseudo, son numéro');
    expect(third).not.toContain('Sur quelle application');
    await t.answer('', '+33 6 00 00 00 77');
    await t.choose('Connaissez-vous un autre compte', 0);
    await t.choose("Vous a-t-on demandé de l'argent", 2);
    await t.tickBoxes("Qu'avez-vous déjà fait ?", []);
    await t.choose('Où pensez-vous remettre le dossier ?', 0);
    await expectBuild(t, run);

    const caseFile = await loadCase(caseDir);
    expect(caseFile.exhibits).toHaveLength(3);
    expect(caseFile.facts.authorIdentifiers).toEqual([
      { platform: 'Instagram', handle: 'inconnu_77' },
      { platform: 'WhatsApp', phone: '+33 6 00 00 00 77' },
    ]);
    expect(caseFile.facts.victim).toEqual({ firstName: 'Léa' });
    expect(caseFile.facts.recipient).toBeUndefined();
  });

  it('Ctrl-C before the case exists says nothing was saved', async () => {
    const t = new WizardDriver();
    const run = t.start({ casesHome: join(makeTempDir(), 'dossiers') });
    run.catch(() => {});
    await t.interrupt('Qui remplit ce dossier ?');
    await expect(run).rejects.toThrow("Arrêté. Rien n'a encore été enregistré");
  });
});

describe('a nude or sexual image', () => {
  it('is hashed where it is: no byte of it anywhere in the case, with the advice to re-take the screenshot', async () => {
    const root = makeTempDir();
    const home = join(root, 'dossiers');
    const captures = await writeCaptures(join(root, 'captures'), true);
    const intimate = readFileSync(join(captures, 'intime.jpg'));
    const chatMedia = readFileSync(join(FIXTURES, 'android-fr-media', 'IMG-20240312-WA0001.jpg'));
    const t = new WizardDriver();
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', `${captures} '${join(FIXTURES, 'android-fr-media')}'`);
    await t.waitFor('une image intime d');
    const listed = await t.waitFor('images ou vidéos, est-ce que l');
    await t.choose('', 0);
    await t.tickBoxes(
      'Cochez celles qui montrent une image nue ou sexuelle',
      positionsIn(listed, ['intime.jpg', 'IMG-20240312-WA0001.jpg — envoyé par Inconnu_77']),
    );
    await t.choose('lequel de ces noms est celui de votre enfant ?', 1);
    await t.waitFor('image intime : intime.jpg — empreinte prise sur place, non copiée');
    await t.waitFor('refaites-la en faisant défiler');
    await t.answer("D'autres fichiers ?", '');
    // An intimate image is recorded: the phone-only question waits for the review screen.
    await t.waitFor('Les preuves ne montrent ni identifiant');
    await answerFacts(t);
    await t.choose('Et maintenant ?', 1);
    await t.choose('Quelle partie ?', 7);
    await t.answer("D'autres fichiers ?", '');
    await t.choose('seulement sur le téléphone', 1);
    await t.answer('Décrivez-la en quelques mots', 'Montage envoyé par inconnu_77 le 28/11');
    await t.answer('Où est-elle sur le téléphone ?', 'Conversation Instagram');
    await t.choose('Et maintenant ?', 2);
    await run;

    const caseDir = join(home, REFERENCE);
    for (const buffer of allBytesUnder(caseDir)) {
      expect(buffer.includes(intimate)).toBe(false);
      expect(buffer.includes(chatMedia)).toBe(false);
    }
    const caseFile = await loadCase(caseDir);
    const sensitive = caseFile.exhibits.filter((exhibit) => exhibit.isSensitive);
    expect(sensitive).toHaveLength(2);
    expect(sensitive[0]!.files[0]).toMatchObject({ name: 'intime.jpg' });
    expect(sensitive[0]!.files[0]!.storedPath).toBeUndefined();
    expect(sensitive[0]!.description).toBe('Image intime (intime.jpg), non copiée');
    expect(sensitive[1]).toMatchObject({
      isDescriptionOnly: true,
      description: 'Montage envoyé par inconnu_77 le 28/11',
      where: 'Conversation Instagram',
    });
    const conversation = caseFile.exhibits.find((exhibit) => exhibit.kind === 'conversation')!;
    const excluded = conversation.files.find((file) =>
      file.name.endsWith('IMG-20240312-WA0001.jpg'),
    )!;
    expect(excluded).toMatchObject({ isExcluded: true });
    expect(excluded.storedPath).toBeUndefined();
    expect(t.text).toContain('Pour reprendre : relancez preuve et choisissez le dossier de Léa');
  });
});

describe('an ambiguous WhatsApp export', () => {
  it('asks whether 3/4/24 is the 3rd of April or the 4th of March, and takes the export in that order', async () => {
    const root = makeTempDir();
    const t = new WizardDriver();
    const run = t.start({ casesHome: join(root, 'dossiers') });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', join(FIXTURES, 'ambiguous-en.txt'));
    await t.waitFor('les dates (3/4/24, ');
    await t.waitFor("« 3/4/24 », c'est :");
    await t.waitFor('le 3 du mois 4 (jour en premier, comme en France)');
    await t.waitFor('le 4 du mois 3 (mois en premier, comme aux États-Unis)');
    await t.press('enter');
    await t.choose('lequel de ces noms est celui de votre enfant ?', 2);
    await t.waitFor('P1  conversation WhatsApp');
    await t.answer("D'autres fichiers ?", '');
    await t.choose('seulement sur le téléphone', 0);
    await t.interrupt('Le jour du premier contact');
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    const caseFile = await loadCase(join(root, 'dossiers', REFERENCE));
    const conversation = caseFile.exhibits[0]!;
    expect(conversation.conversation?.dateOrder).toBe('dmy');
    expect(conversation.times[0]?.wallClock).toMatch(/^2024-04-03T10:00/);
  });
});

describe('invalid answers', () => {
  it('are re-asked with a message saying what is wrong and how to write it', async () => {
    const root = makeTempDir();
    const t = new WizardDriver();
    const run = t.start({ casesHome: join(root, 'dossiers') });
    run.catch(() => {});
    // Every question can be skipped, the parent's own name and every list included.
    await t.choose('Qui remplit ce dossier ?', 0);
    await t.answer('Votre prénom et votre nom', '');
    await t.choose('Vous êtes :', 0);
    await t.answer('Un téléphone ou un e-mail', '');
    await t.answer("Le prénom de l'enfant", '');
    await t.answer('Son âge, ou sa date de naissance', '300');
    await t.waitFor("« 300 » : écrivez l'âge en chiffres (par exemple 14) ou la date de naissance");
    await t.press('clear');
    await t.answer('', '14/03/2011');
    await t.answer("La commune où vit l'enfant", '');
    const missing = join(root, 'Captures', 'nexiste pas.png');
    await t.answer('Fichiers ou dossiers', `'${missing}'`);
    await t.waitFor(`Introuvable : ${missing}. Faites glisser le fichier dans cette fenêtre`);
    await t.press('clear');
    await t.press('enter');
    await t.choose('seulement sur le téléphone', 0);
    await t.answer('Le jour du premier contact', '31/02/2026');
    await t.waitFor("« 31/02/2026 » n'est pas une date. Écrivez-la comme 12/03/2026");
    await t.press('clear');
    await t.answer('', '12/12/2026');
    await t.waitFor('« 12/12/2026 » est une date à venir');
    await t.press('clear');
    await t.answer('', '12 novembre');
    await t.tickBoxes('Quelles ont été les menaces ?', []);
    await t.answer('En quelques phrases', '');
    await t.choose('envoyé des images de lui-même', 0);
    await t.choose('Des images ont-elles déjà été diffusées', 0);
    await t.choose('Sur quelle application cette personne', 0);
    await t.choose("Vous a-t-on demandé de l'argent", 1);
    await t.answer('Combien a été demandé ?', 'beaucoup');
    await t.waitFor("« beaucoup » n'est pas un montant");
    await t.press('clear');
    // Regression: this answer became "200.5 € paid".
    await t.answer('', '200 € demandés, 50 € payés');
    await t.waitFor('« 200 € demandés, 50 € payés » contient plusieurs montants');
    await t.press('clear');
    await t.answer('', '100 balles');
    await t.waitFor("« balles » n'est pas une monnaie");
    await t.press('clear');
    await t.answer('', '100');
    await t.choose('Par quel moyen fallait-il payer ?', 0);
    await t.answer('Le jour de la demande', '');
    await t.choose("Y a-t-il eu une autre demande d'argent ?", 0);
    await t.choose("De l'argent a-t-il été payé ?", 0);
    await t.tickBoxes("Qu'avez-vous déjà fait ?", []);
    await t.choose('Où pensez-vous remettre le dossier ?', 0);
    await t.choose('Et maintenant ?', 2);
    await run;
    const caseFile = await loadCase(join(root, 'dossiers', REFERENCE));
    expect(caseFile.facts.victim).toEqual({
      dateOfBirth: '2011-03-14',
      ageAtTheTime: 15,
      isMinor: true,
    });
    expect(caseFile.facts.firstContactDate).toBe('2026-11-12');
    expect(caseFile.facts.payments).toEqual([{ amount: 100, currency: 'EUR', status: 'demanded' }]);
    expect(caseFile.facts.complainant).toBeUndefined();
    expect(caseFile.facts.recipient).toBeUndefined();
    expect(caseFile.facts.authorIdentifiers).toBeUndefined();
    expect(caseFile.operator.name).toBe("Parent de l'enfant (nom non donné)");
  });
});

describe('a case folder given on the command line', () => {
  it('is created there when it is new, in English', async () => {
    const root = makeTempDir();
    const caseDir = join(root, 'dossier léa');
    writeFileSync(join(root, 'note.txt'), 'not evidence');
    const t = new WizardDriver();
    const run = t.start({ casesHome: join(root, 'dossiers'), caseDir, language: 'en' });
    run.catch(() => {});
    await t.waitFor('Do not pay.');
    await t.choose('Who is filling this in?', 1);
    await t.answer('Your first name and surname', 'Sophie Martin');
    await t.answer('A phone number or e-mail', '');
    await t.answer("The child's first name", '');
    // A US-style date of birth in the English wizard; 03/12 could be either, so it is asked.
    await t.answer('Their age, or date of birth', '03/12/2012');
    await t.waitFor('can be read two ways (3 December or 12 March)');
    await t.press('clear');
    await t.answer('', '03/14/2011');
    await t.interrupt('The town or city where the child lives');
    await expect(run).rejects.toThrow(
      `Stopped. Your answers are saved.\nTo pick up again, type: preuve wizard '${caseDir}'`,
    );
    expect((await loadCase(caseDir)).facts.victim).toEqual({
      dateOfBirth: '2011-03-14',
      ageAtTheTime: 15,
      isMinor: true,
    });
    expect((await loadCase(caseDir)).language).toBe('en');
  });
});

describe('the review screen', () => {
  it('reopens one part, asks only its questions again, and saves the new answers', async () => {
    const root = makeTempDir();
    const t = new WizardDriver();
    const run = t.start({ casesHome: join(root, 'dossiers') });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', '');
    await t.choose('seulement sur le téléphone', 0);
    await answerFacts(t);
    await t.waitFor('Enfant : Léa, 15 ans');
    await t.choose('Et maintenant ?', 1);
    await t.choose('Quelle partie ?', 2);
    await t.answer("Le prénom de l'enfant", 'Lina');
    const asked = await t.waitFor('Son âge, ou sa date de naissance');
    expect(asked).not.toContain('Vous êtes');
    await t.answer('', '13');
    await t.answer("La commune où vit l'enfant", 'Exempleville');
    const again = await t.waitFor('Enfant : Lina, 13 ans');
    expect(again).not.toContain('Quelles ont été les menaces');
    await t.choose('Et maintenant ?', 2);
    await run;
    expect(t.text).toContain(
      `D'accord. Vos réponses sont enregistrées.\nPour reprendre : relancez preuve et choisissez le dossier de Lina (${REFERENCE}) dans la liste.`,
    );
    const caseFile = await loadCase(join(root, 'dossiers', REFERENCE));
    expect(caseFile.facts.victim).toEqual({
      firstName: 'Lina',
      ageAtTheTime: 13,
      isMinor: true,
      commune: 'Exempleville',
    });
  });
});
