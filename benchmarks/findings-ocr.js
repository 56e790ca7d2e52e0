// OCR of synthetic phone chat screenshots (540×960 and 1080×1920), offline. Target: ≤ 1.5 s per
// phone screenshot. Run after `npm run build`: node benchmarks/findings-ocr.js [count]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startOcrEngine } from '../dist/findings/ocr.js';

const count = Number(process.argv[2] ?? 4);
const LINES = [
  '@inconnu.exemple_77',
  'coucou, mon num : +33 6 00 00 00 41',
  'Tu paies 150 € en coupons PCS',
  "ou j'envoie ta photo à tes amis.",
  'code PCS : 4KQ7 X2M9 8TBZ',
  'IBAN FR76 3000 6000 0112 3456 7890 189',
  'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
];

function screenshot(width, height) {
  const size = Math.round(width / 30);
  const text = LINES.map(
    (line, i) =>
      `<text x="${size}" y="${(i + 2) * size * 1.6}" font-family="DejaVu Sans" font-size="${size}">${line.replace(/&/g, '&amp;')}</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const dir = await mkdtemp(join(tmpdir(), 'preuve-bench-ocr-'));
try {
  const started = process.hrtime.bigint();
  const engine = await startOcrEngine();
  const startSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const [width, height] of [
    [540, 960],
    [1080, 1920],
  ]) {
    const file = join(dir, `shot-${width}.png`);
    await writeFile(file, await screenshot(width, height));
    const t0 = process.hrtime.bigint();
    let confidence = 0;
    for (let i = 0; i < count; i += 1) confidence = (await engine.recognize(file)).confidence;
    const each = Number(process.hrtime.bigint() - t0) / 1e9 / count;
    console.log(
      `OCR ${width}×${height}: ${each.toFixed(2)} s per screenshot (target ≤ 1.5 s), confidence ${confidence}`,
    );
  }
  await engine.close();
  console.log(`OCR engine start: ${startSeconds.toFixed(2)} s`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
