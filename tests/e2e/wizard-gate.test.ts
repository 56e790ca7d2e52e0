import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCase } from '../../src/case/store.js';
import { allBytesUnder } from '../helpers/case-state.js';
import { makeTempDir } from '../helpers/cli.js';
import { zipFiles } from '../helpers/zip.js';
import { WizardDriver } from './wizard-driver.js';

const MEDIA = resolve(import.meta.dirname, '../fixtures/whatsapp/android-fr-media');
const REFERENCE = 'PRV-20261130-3456';
const roots: string[] = [];

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The questions before the evidence, skipped where they can be. */
async function answerPeople(t: WizardDriver): Promise<void> {
  // Every list starts with "Passer": index 1 is the first real answer ("La mère de l'enfant").
  await t.choose('Qui remplit ce dossier ?', 1);
  await t.answer('Votre prénom et votre nom', 'Sophie Martin');
  await t.answer('Un téléphone ou un e-mail', '');
  await t.answer("Le prénom de l'enfant", 'Léa');
  await t.answer('Son âge, ou sa date de naissance', '15');
  await t.answer("La commune où vit l'enfant", '');
}

/** The questions after the evidence (the evidence here shows nothing to keep), skipped where they can be. */
async function answerFacts(t: WizardDriver): Promise<void> {
  await t.answer('Le jour du premier contact', '');
  await t.tickBoxes('Quelles ont été les menaces ?', []);
  await t.answer('En quelques phrases', '');
  await t.choose('envoyé des images de lui-même', 0);
  await t.choose('Des images ont-elles déjà été diffusées', 0);
  await t.choose('Sur quelle application cette personne', 1);
  await t.answer('Son pseudo, son numéro', 'inconnu_77');
  await t.choose('Connaissez-vous un autre compte', 0);
  await t.choose("Vous a-t-on demandé de l'argent", 2);
  await t.tickBoxes("Qu'avez-vous déjà fait ?", []);
  await t.choose('Où pensez-vous remettre le dossier ?', 0);
}

describe('the wizard asks about every image', () => {
  it('a photo of a WhatsApp zip that no message names is asked about; "yes" copies no byte of it; a wrong "yes" on a screenshot is undone', async () => {
    const root = makeTempDir();
    roots.push(root);
    const zip = join(root, 'WhatsApp.zip');
    zipFiles(MEDIA, zip, readdirSync(MEDIA));
    const shot = join(root, 'capture.jpg');
    cpSync(join(MEDIA, 'IMG-20240312-WA0001.jpg'), shot);
    const unreferenced = readFileSync(join(MEDIA, 'IMG-20240311-WA0000.jpg'));

    const t = new WizardDriver();
    const home = join(root, 'dossiers');
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', zip);
    await t.tickBoxes('Cochez ceux qui montrent une image nue ou sexuelle', [1]);
    expect(t.text).toContain("IMG-20240311-WA0000.jpg — dans l'export, cité par aucun message");
    await t.choose('lequel de ces noms est celui de votre enfant ?', 2);
    // The single-image question has no answer preselected: Enter asks again.
    await t.answer("D'autres fichiers ?", shot);
    await t.choose('Est-ce que « capture.jpg » montre une image nue ou sexuelle', 0);
    await t.waitFor('Choisissez « Oui » ou « Non » avec les flèches');
    await t.choose('? Est-ce que « capture.jpg » montre une image nue ou sexuelle', 1);
    await t.answer("D'autres fichiers ?", '');
    // An intimate image is recorded: the phone-only question is not asked.
    await t.waitFor('Les preuves ne montrent ni identifiant');
    await answerFacts(t);

    // Undo the wrong "yes" on the screenshot from "Modifier une partie".
    await t.choose('Et maintenant ?', 1);
    await t.choose('Quelle partie ?', 9);
    await t.choose('Quelle pièce ?', 2);
    await t.answer('Glissez ici le fichier', '');
    await t.waitFor("P2 n'est plus marquée intime");
    await t.choose('Et maintenant ?', 2);
    await run;

    const caseDir = join(home, REFERENCE);
    for (const buffer of allBytesUnder(caseDir)) expect(buffer.includes(unreferenced)).toBe(false);
    const { exhibits } = await loadCase(caseDir);
    const kept = exhibits[0]!.files.find((file) => file.name === 'IMG-20240311-WA0000.jpg');
    expect(kept).toMatchObject({ isExcluded: true, excludedReason: 'sensitive' });
    expect(exhibits[1]).toMatchObject({ number: 2, isSensitive: false, kind: 'image' });
  });

  it('a truncated chat zip is reported to the parent, who can choose to export it again', async () => {
    const root = makeTempDir();
    roots.push(root);
    const zip = join(root, 'WhatsApp.zip');
    zipFiles(MEDIA, zip, readdirSync(MEDIA));
    const broken = join(root, 'WhatsApp coupé.zip');
    writeFileSync(broken, readFileSync(zip).subarray(0, 600));
    const t = new WizardDriver();
    const home = join(root, 'dossiers');
    const run = t.start({ casesHome: home });
    run.catch(() => {});
    await answerPeople(t);
    await t.answer('Fichiers ou dossiers', `'${broken}'`);
    await t.waitFor("« WhatsApp coupé.zip » n'a pas pu être lu");
    await t.choose(
      "Cette conversation n'a pas pu être lue : l'ajouter comme simple fichier, ou la réexporter ?",
      0,
    );
    const said = await t.waitFor("Refaites l'export depuis l'application");
    expect(said).not.toContain('déjà dans le dossier');
    await t.answer('Fichiers ou dossiers', '');
    await t.choose('seulement sur le téléphone', 0);
    await answerFacts(t);
    await t.choose('Et maintenant ?', 2);
    await run;
    expect((await loadCase(join(home, REFERENCE))).exhibits).toEqual([]);
  });
});
