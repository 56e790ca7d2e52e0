// Reads 300,000 synthetic chat messages for findings (identifiers, amounts, demands, threats,
// deadlines) and reports messages per second. Target: at least 100,000 messages/s.
// Run after `npm run build`: node benchmarks/findings-extract.js [messageCount]
import { FindingCollector } from '../dist/findings/collect.js';
import { loadSignalPatterns } from '../dist/findings/signal-patterns.js';

const messageCount = Number(process.argv[2] ?? 300_000);
const TEXTS = [
  'salut ça va ?',
  "Tu as jusqu'à demain 18h. Sinon tout le monde verra les photos.",
  'oui et toi',
  'Envoie 200 € sur ce compte et personne ne saura rien de tout ça, je te le promets.',
  "Je ne comprends pas pourquoi tu fais ça, laisse-moi tranquille, j'ai déjà tout raconté à mes parents.",
  'ok',
  'Paye 300€ en coupons PCS ou j’envoie tes photos à tous tes followers. Tu as 1h',
  'mon snap c’est snapchat.com/add/inconnu.77 et mon numéro 06 00 00 00 12',
  'Le code PCS : 7K3Q 9ZXA 2B4C, vite',
  'IBAN FR76 3000 6000 0112 3456 7890 189',
  'send me $500 in steam gift cards or I will send the pics to everyone',
  'lol',
];
// A real conversation is mostly small talk: one message in four above carries something to find.
const ORDINARY = [
  'ok',
  'oui',
  'non',
  'pourquoi ?',
  "je sais pas quoi faire, j'ai peur",
  'réponds',
  'stp',
  'arrête',
  'lol',
  'mdr ok',
];
const signals = await loadSignalPatterns();
const collector = new FindingCollector({ defaultCountry: 'FR', signals });
const start = process.hrtime.bigint();
for (let i = 0; i < messageCount; i += 1) {
  collector.addText({
    text: i % 4 === 0 ? TEXTS[(i / 4) % TEXTS.length] : ORDINARY[i % ORDINARY.length],
    place: { exhibit: 'P1', message: i + 1 },
    sender: i % 2 === 0 ? 'Inconnu_77' : 'Léa',
    at: '2026-01-01T10:00:00Z',
  });
}
const findings = collector.findings();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `findings: ${messageCount} messages in ${seconds.toFixed(2)} s = ${Math.round(messageCount / seconds).toLocaleString('en')} messages/s (target ≥ 100,000); ${findings.length} findings`,
);
