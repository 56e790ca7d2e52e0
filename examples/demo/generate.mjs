#!/usr/bin/env node
// Regenerates the synthetic demo evidence in this folder (run from the repository root after npm ci).
// Everything is invented: the people, the accounts, the numbers, the messages.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A phone screenshot of a direct-message thread, drawn from SVG. */
async function screenshot(file, title, bubbles, time) {
  const width = 540;
  let y = 150;
  const parts = [];
  for (const { from, text } of bubbles) {
    const lines = text.match(/.{1,34}(\s|$)/g).map((l) => l.trim());
    const height = 24 + lines.length * 26;
    const isMine = from === 'me';
    const x = isMine ? width - 30 - 330 : 30;
    parts.push(`<rect x="${x}" y="${y}" width="330" height="${height}" rx="18" fill="${isMine ? '#3b82f6' : '#e5e7eb'}"/>`);
    lines.forEach((line, i) => {
      parts.push(`<text x="${x + 16}" y="${y + 32 + i * 26}" font-family="DejaVu Sans, sans-serif" font-size="19" fill="${isMine ? '#fff' : '#111'}">${escape(line)}</text>`);
    });
    y += height + 16;
  }
  const height = Math.max(960, y + 80);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="100%" height="44" fill="#f3f4f6"/>
    <text x="24" y="30" font-family="DejaVu Sans, sans-serif" font-size="18" fill="#111">${time}</text>
    <rect y="44" width="100%" height="80" fill="#fafafa"/>
    <circle cx="56" cy="84" r="24" fill="#c4b5fd"/>
    <text x="96" y="92" font-family="DejaVu Sans, sans-serif" font-size="22" font-weight="bold" fill="#111">${escape(title)}</text>
    ${parts.join('\n')}
  </svg>`;
  await sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toFile(join(here, 'captures', file));
}

mkdirSync(join(here, 'captures'), { recursive: true });
await screenshot('Screenshot_20261120-210412_Instagram.png', 'lea.exemple.2009', [
  { from: 'them', text: 'coucou ! on se connait ? je suis en 3e au college Exemple' },
  { from: 'me', text: 'euh non je crois pas' },
  { from: 'them', text: 'tu es trop mignon sur tes photos, on parle sur WhatsApp ? mon num +33 6 00 00 00 99' },
], '21:04');
await screenshot('Screenshot_20261120-214355_Instagram.png', 'lea.exemple.2009', [
  { from: 'them', text: "J'ai ta photo. Si tu ne paies pas 300 euros en coupons PCS avant demain 18h, je l'envoie a tous tes abonnes." },
  { from: 'me', text: "s'il te plait non" },
  { from: 'them', text: "Tu as vu la liste de tes amis ? Ils vont tous la recevoir." },
], '21:43');

// WhatsApp, French Android export with media: the .txt and the media files side by side.
const chat = `20/11/2026 21:10 - Les messages et les appels sont chiffrés de bout en bout. Personne en dehors de ce chat, pas même WhatsApp, ne peut les lire ou les écouter. Appuyez pour en savoir plus.
20/11/2026 21:11 - Inconnu_77: c'est Léa d'Insta
20/11/2026 21:12 - Camille: ah ok salut
20/11/2026 21:20 - Inconnu_77: IMG-20261120-WA0001.jpg (fichier joint)
tu me montres toi aussi ?
20/11/2026 21:25 - Camille: non
20/11/2026 21:38 - Inconnu_77: <Médias omis>
20/11/2026 21:40 - Inconnu_77: Regarde ce que j'ai fait avec tes photos.
Tu paies 300 € en coupons PCS ou tout le monde la verra.
20/11/2026 21:41 - Inconnu_77: Tu as jusqu'à demain 18h.
20/11/2026 21:47 - Camille: j'ai pas 300 €
20/11/2026 21:50 - Inconnu_77: Alors 50 € ce soir. Envoie le code du coupon ici.
20/11/2026 22:31 - Camille: RECH 0000 1111 2222
20/11/2026 22:35 - Inconnu_77: Ce message a été supprimé
20/11/2026 22:36 - Inconnu_77: PTT-20261120-WA0002.opus (fichier joint)
21/11/2026 08:02 - Inconnu_77: Il manque 250 €. Tu as jusqu'à 18h.
`;
writeFileSync(join(here, 'whatsapp', 'Discussion WhatsApp avec Inconnu_77.txt'), chat);
// The only image in the export is an innocuous profile-style picture (synthetic grey avatar).
await sharp({ create: { width: 320, height: 320, channels: 3, background: { r: 200, g: 190, b: 230 } } })
  .composite([{ input: Buffer.from('<svg width="320" height="320"><circle cx="160" cy="130" r="60" fill="#8b7fc7"/><rect x="70" y="210" width="180" height="110" rx="50" fill="#8b7fc7"/></svg>') }])
  .jpeg({ quality: 80 })
  .toFile(join(here, 'whatsapp', 'IMG-20261120-WA0001.jpg'));
// A tiny Ogg header standing for a voice note.
writeFileSync(join(here, 'whatsapp', 'PTT-20261120-WA0002.opus'), Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]));

// A payment receipt (synthetic).
await new Promise((resolve) => {
  const doc = new PDFDocument({ size: 'A6', info: { Title: 'Reçu', CreationDate: new Date('2026-11-20T21:28:00Z') } });
  const file = join(here, 'recu-coupon-pcs.pdf');
  const out = createWriteStream(file);
  doc.pipe(out);
  doc.fontSize(14).text('TABAC-PRESSE EXEMPLE', { align: 'center' });
  doc.fontSize(10).text('1 place de l’Exemple, 75000 Exempleville', { align: 'center' }).moveDown();
  doc.text('20/11/2026  22:28').text('Recharge PCS Mastercard  50,00 EUR').text('Code : RECH 0000 1111 2222').moveDown();
  doc.text('Document synthétique — démonstration preuve', { align: 'center' });
  doc.end();
  out.on('finish', resolve);
});
