// Parses a synthetic 1-million-message WhatsApp export and reports time, speed and peak memory.
// Run after `npm run build`: node benchmarks/whatsapp-parse.js [messageCount]
// The file is written by a child process, so the peak RSS reported is the parser's alone.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectChatFormat } from '../dist/chats/detect.js';
import { openExportSource } from '../dist/chats/sources/open-export-source.js';
import { recordRow, timeNode } from './_util.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'preuve.js');

const isGenerator = process.argv[2] === '--generate';
const messageCount = Number((isGenerator ? process.argv[4] : process.argv[2]) ?? 1_000_000);
const SENDERS = ['Inconnu_77', 'Léa', '\u202A+33 6 00 00 00 12\u202C'];
const TEXTS = [
  'salut ça va ?',
  "Tu as jusqu'à demain 18h. Sinon tout le monde verra les photos.",
  'oui et toi',
  '<Médias omis>',
  'Ce message a été supprimé',
  'Envoie 200 € sur ce compte et personne ne saura rien de tout ça, je te le promets.',
  "Je ne comprends pas pourquoi tu fais ça, laisse-moi tranquille, j'ai déjà tout raconté à mes parents.",
  'ok',
  "Écoute-moi bien : j'ai les captures de toute ta conversation, la liste de tes amis et l'adresse de ton lycée. Tu as une heure.",
  "Si tu ne réponds pas avant ce soir je l'envoie à toute ta classe et à ta famille, tu as compris ?",
];
const pad = (value) => String(value).padStart(2, '0');

/** Writes an Android fr-FR export: one message every 31 s from 1 Jan 2023, some multi-line, some attachments. */
async function writeChat(path) {
  const out = createWriteStream(path);
  let batch = '12/01/2023 00:00 - Les messages et les appels sont chiffrés de bout en bout.\n';
  const start = Date.UTC(2023, 0, 12);
  for (let index = 1; index < messageCount; index++) {
    const at = new Date(start + index * 31_000);
    const header = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
    const sender = SENDERS[index % SENDERS.length];
    let body = TEXTS[index % TEXTS.length];
    if (index % 97 === 0)
      body = `IMG-20230112-WA${String(index).padStart(6, '0')}.jpg (fichier joint)`;
    if (index % 13 === 0)
      body += '\nune deuxième ligne\net une troisième, plus longue que les autres pour varier';
    batch += `${header} - ${sender}: ${body}\n`;
    if (batch.length > 1_000_000) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

if (isGenerator) {
  await writeChat(process.argv[3]);
} else if (process.argv[2] === '--yardstick') {
  const { parseString } = await import('whatsapp-chat-parser');
  parseString(readFileSync(process.argv[3], 'utf8'));
} else if (process.argv[2] === '--parse') {
  await parseWithPreuve(process.argv[3]);
} else {
  await benchmark();
}

/** Parses the export as `preuve add` does, every message read once. */
async function parseWithPreuve(path) {
  const source = await openExportSource(path);
  const detected = await detectChatFormat(source);
  const [conversation] = await detected.format.parse(source, { timeZone: 'Europe/Paris' });
  let count = 0;
  for await (const _message of conversation.messages()) count += 1;
  await source.close();
  if (count !== conversation.header.messageCount) {
    throw new Error(`count ${count} != header ${conversation.header.messageCount}`);
  }
}

/** The rows: preuve's parse next to whatsapp-chat-parser's, and `preuve add` of the file. */
async function recordRows(dir, path, size) {
  const self = new URL(import.meta.url).pathname;
  const parse = timeNode([self, '--parse', path]);
  const yardstick = timeNode([self, '--yardstick', path]);
  recordRow({
    figure: `parse the ${messageCount}-message WhatsApp export (${(size / 1e6).toFixed(0)} MB)`,
    seconds: parse.seconds,
    peakRssMb: parse.peakRssMb,
    yardstick: `whatsapp-chat-parser parseString (${yardstick.peakRssMb.toFixed(0)} MB)`,
    yardstickSeconds: yardstick.seconds,
    target: 'faster than the yardstick, <= 300 MB',
  });
  const caseDir = join(dir, 'case');
  const env = { ...process.env, PREUVE_OPERATOR: 'bench' };
  timeNode([bin, 'init', caseDir, '-q'], { env });
  const add = timeNode([bin, 'add', '-q', '--case', caseDir, path], { env });
  const derived = execFileSync('du', ['-sb', join(caseDir, 'derived')])
    .toString()
    .split('\t')[0];
  recordRow({
    figure: 'preuve add of that export',
    seconds: add.seconds,
    peakRssMb: add.peakRssMb,
    target: '<= 10 s, <= 300 MB, derived/ <= source',
    extra: {
      extra: `derived/ ${(Number(derived) / 1e6).toFixed(0)} MB (${(Number(derived) / size).toFixed(2)}x the source)`,
    },
  });
}

async function benchmark() {
  const dir = await mkdtemp(join(tmpdir(), 'preuve-bench-'));
  try {
    const path = join(dir, 'Discussion WhatsApp avec Inconnu_77.txt');
    let started = performance.now();
    execFileSync(process.execPath, [
      new URL(import.meta.url).pathname,
      '--generate',
      path,
      String(messageCount),
    ]);
    const { size } = await stat(path);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `generated ${messageCount} messages, ${(size / 1e6).toFixed(1)} MB, in ${seconds.toFixed(1)} s`,
    );

    started = performance.now();
    const source = await openExportSource(path);
    const detected = await detectChatFormat(source);
    const [conversation] = await detected.format.parse(source, { timeZone: 'Europe/Paris' });
    const scanSeconds = (performance.now() - started) / 1000;
    let count = 0;
    let attachments = 0;
    for await (const message of conversation.messages()) {
      count += 1;
      attachments += message.attachments.length;
    }
    const totalSeconds = (performance.now() - started) / 1000;
    await source.close();
    if (count !== conversation.header.messageCount) {
      throw new Error(`count ${count} != header ${conversation.header.messageCount}`);
    }
    const { maxRSS, userCPUTime } = process.resourceUsage();
    console.log(
      `parsed ${count} messages (${attachments} attachments) in ${totalSeconds.toFixed(1)} s ` +
        `(first pass ${scanSeconds.toFixed(1)} s, CPU ${(userCPUTime / 1e6).toFixed(1)} s): ` +
        `${Math.round(count / totalSeconds)} messages/s, ${(size / 1e6 / totalSeconds).toFixed(1)} MB/s`,
    );
    console.log(`peak RSS ${(maxRSS / 1024).toFixed(0)} MB`);
    await recordRows(dir, path, size);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
