import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderChatScreenshot } from './chat-screenshot.js';

/** The author's synthetic number and handle, planted in the screenshots and the export. */
export const AUTHOR_PHONE = '+33 6 00 00 00 42';
export const AUTHOR_HANDLE = 'inconnu_77';

/**
 * The case of issue 14, synthetic: three phone screenshots (the author's Instagram handle, the
 * demand of 200 € in PCS coupons with a threat, a deadline), an "intimate" image (bytes found
 * nowhere else), and a WhatsApp export with media where the author, under his number, repeats
 * the demand and the threat and the child says 50 € were paid. Dates have a day above 12 unless
 * `layoutDates` (then the day/month order comes only from the export's layout).
 */
export async function writeSextortionCase(
  root: string,
  options: { layoutDates?: boolean } = {},
): Promise<{ captures: string; chat: string }> {
  const captures = join(root, 'captures');
  mkdirSync(captures, { recursive: true });
  const screens = [
    [
      AUTHOR_HANDLE,
      [
        { lines: ['salut Léa, tu es trop belle'] },
        { lines: ['ajoute moi sur whatsapp', AUTHOR_PHONE] },
      ],
    ],
    [
      AUTHOR_HANDLE,
      [
        { lines: ['paye 200 € en coupons PCS', 'ou je publie ta photo'] },
        { lines: ['sinon j\u2019envoie ta photo', 'à tous tes abonnés'] },
      ],
    ],
    [AUTHOR_HANDLE, [{ lines: ['tu as 1h'] }, { lines: ["j'ai pas l'argent"], isMine: true }]],
  ] as const;
  for (const [index, [title, bubbles]] of screens.entries()) {
    writeFileSync(
      join(captures, `Screenshot_2026111${index + 4}-21000${index}.png`),
      await renderChatScreenshot(title, bubbles),
    );
  }
  await sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 30, b: 60 } },
  })
    .jpeg({ quality: 77 })
    .toFile(join(captures, 'intime.jpg'));

  const chat = join(root, 'whatsapp');
  mkdirSync(chat, { recursive: true });
  const day = (d: number) => (options.layoutDates ? `0${d - 10}/11/26` : `${d}/11/2026`);
  // With layout dates, no system line in French either: the order then rests on the layout alone.
  const lines = [
    ...(options.layoutDates
      ? []
      : [
          `${day(14)} 21:02 - Les messages et les appels sont chiffrés de bout en bout. Personne en dehors de ce chat, pas même WhatsApp, ne peut les lire ou les écouter.`,
        ]),
    `${day(14)} 21:03 - ${AUTHOR_PHONE}: salut c'est moi, @${AUTHOR_HANDLE} sur insta`,
    `${day(14)} 21:05 - ${AUTHOR_PHONE}: IMG-20261114-WA0000.jpg ${options.layoutDates ? '(file attached)' : '(fichier joint)'}`,
    `${day(14)} 21:06 - Léa: laisse moi tranquille`,
    `${day(14)} 21:07 - ${AUTHOR_PHONE}: paye 200 € en coupons PCS ou j'envoie ta photo à tous tes abonnés`,
    `${day(14)} 21:08 - ${AUTHOR_PHONE}: tu as 1h`,
    `${day(15)} 10:02 - Léa: je t'ai envoyé 50 € c'est tout ce que j'ai`,
    `${day(15)} 10:05 - ${AUTHOR_PHONE}: pas assez. sinon j'envoie la photo à ta famille`,
  ];
  writeFileSync(
    join(chat, `Discussion WhatsApp avec ${AUTHOR_PHONE}.txt`),
    `${lines.join('\n')}\n`,
  );
  await sharp({
    create: { width: 80, height: 60, channels: 3, background: { r: 20, g: 200, b: 90 } },
  })
    .jpeg()
    .toFile(join(chat, 'IMG-20261114-WA0000.jpg'));
  return { captures, chat };
}
