// Renders a dossier with one 50,000-message conversation and reports messages per second, pages
// and peak RSS. Run after `npm run build` (imports dist/): node benchmarks/pdf-render.js [count]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleDossier } from '../dist/dossier/assemble.js';
import { renderDossierPdf } from '../dist/dossier/pdf/render.js';
import { computeFingerprint } from '../dist/model/fingerprint.js';
import { recordRow } from './_util.js';

const count = Number(process.argv[2] ?? 50_000);
const start = Date.parse('2026-11-01T08:00:00Z');
const senders = ['Léa', 'Camille'];
const phrases = [
  'Tu es là ? Réponds-moi vite sinon tout le monde va voir les photos.',
  'Je ne comprends pas ce que tu veux, laisse-moi tranquille.',
  'Envoie 300 € en coupons PCS ce soir, je veux le code RECH.',
  'ok 😢',
  'Привет! Это сообщение на русском языке, чтобы проверить шрифт.',
  'Στείλε τα χρήματα τώρα.',
];

async function* messages() {
  for (let seq = 0; seq < count; seq++) {
    yield {
      seq,
      sender: senders[seq % 2],
      time: { instant: new Date(start + seq * 37_000).toISOString(), precision: 'second' },
      text: `${phrases[seq % phrases.length]} (${seq})`,
      attachments:
        seq % 500 === 0
          ? [{ name: `IMG-${seq}.jpg`, kind: 'image', sha256: 'a'.repeat(64), size: 1000 }]
          : [],
      flags: seq % 97 === 0 ? { isEdited: true } : {},
      source: { file: '_chat.txt', lineStart: seq + 1 },
    };
  }
}

const exhibit = {
  number: 1,
  kind: 'conversation',
  description: 'Conversation de test',
  isSensitive: false,
  addedAt: { source: 'clock', instant: '2026-11-29T18:00:00Z', precision: 'second' },
  addedBy: 'Benchmark',
  files: [
    {
      role: 'original',
      name: '_chat.txt',
      sourcePath: '/x/_chat.txt',
      size: 1,
      sha256: 'b'.repeat(64),
      mime: 'text/plain',
    },
  ],
  times: [],
  notes: [],
  conversation: {
    format: 'whatsapp',
    title: 'Benchmark',
    messageCount: count,
    participants: senders,
    headerPath: 'derived/P1/header.json',
    messagesPath: 'derived/P1/messages.jsonl',
    timeZone: 'Europe/Paris',
  },
  highlights: [{ seq: 10, note: 'clé' }],
};
const caseFile = {
  schemaVersion: 1,
  reference: 'PRV-20261129-BNCH',
  createdAt: '2026-11-29T18:00:00Z',
  language: 'fr',
  timeZone: 'Europe/Paris',
  operator: { name: 'Benchmark' },
  nextExhibitNumber: 2,
  exhibits: [exhibit],
  facts: {},
};
const model = assembleDossier({
  caseFile,
  custody: [],
  fingerprint: computeFingerprint(caseFile.exhibits),
  generatedAt: '2026-11-30T09:00:00Z',
  toolVersion: 'bench',
  machine: { os: process.platform, node: process.version },
});
const dir = await mkdtemp(join(tmpdir(), 'preuve-bench-'));
const began = process.hrtime.bigint();
const { pages } = await renderDossierPdf(model, {
  outFile: join(dir, 'bench.pdf'),
  readMessages: () => messages(),
  readHeader: async () => ({
    format: 'whatsapp',
    title: 'Benchmark',
    participants: senders.map((name) => ({ name })),
    messageCount: count,
    metadata: {},
    inferences: [],
    notes: [],
    unreferencedFiles: [],
  }),
  readImage: () => null,
});
const seconds = Number(process.hrtime.bigint() - began) / 1e9;
const peakMb = process.resourceUsage().maxRSS / 1024;
await rm(dir, { recursive: true, force: true });
recordRow({
  figure: `PDF transcript, ${count} messages`,
  seconds,
  peakRssMb: peakMb,
  target: '>= 15,000 msg/s',
  extra: { extra: `${Math.round(count / seconds)} msg/s, ${pages} pages` },
});
console.log(
  JSON.stringify({
    messages: count,
    seconds: Number(seconds.toFixed(2)),
    messagesPerSecond: Math.round(count / seconds),
    pages,
    peakRssMb: Math.round(peakMb),
  }),
);
