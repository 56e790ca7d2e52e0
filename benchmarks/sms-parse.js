/**
 * Streams a synthetic SMS Backup & Restore file of ~2 GB (most of it MMS images in base64, as in
 * real backups) into a temporary folder, parses it through the real format (dist/), iterates every
 * message of every conversation, prints time, messages/s and peak RSS, then deletes the file.
 * Usage: npm run build && node benchmarks/sms-parse.js [bytes] [correspondents] [conversations]
 *   bytes: size of the backup (default 2e9); correspondents: how many people wrote (default 10);
 *   conversations: how many conversations to iterate (default all).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smsBackupParser } from '../dist/chats/formats/sms-backup/parse.js';

// `--generate <path> <bytes> <correspondents>`: the child process that writes the backup, so that
// the peak RSS measured by the parent is the parser's alone.
const isGenerator = process.argv[2] === '--generate';
const args = isGenerator ? process.argv.slice(4) : process.argv.slice(2);
const targetBytes = Number(args[0] ?? 2e9);
const CORRESPONDENTS = Number(args[1] ?? 10);
const ITERATED = Number(args[2] ?? Number.POSITIVE_INFINITY);
const SMS_PER_MMS = 120;
const IMAGE_BASE64 = randomBytes(150_000).toString('base64');
const START = Date.UTC(2020, 0, 1);

/** Correspondent i: +33 6 iiiiiiii, some written in national form to exercise grouping. */
const number = (i) => String(i).padStart(8, '0');
const address = (i, n) => (n % 7 === 0 ? `06${number(i)}` : `+336${number(i)}`);

function sms(n) {
  const i = n % CORRESPONDENTS;
  const body =
    n % 10 === 0
      ? `message ${n} avec un emoji &#55357;&#56832; et des accents : été, où, ça`
      : `message ${n} : Tu as jusqu&apos;à demain 18h, sinon tout le monde verra. &#10;Réponds.`;
  return (
    `  <sms protocol="0" address="${address(i, n)}" date="${START + n * 1000}" type="${1 + (n % 2)}" ` +
    `subject="null" body="${body}" toa="null" sc_toa="null" service_center="+33609001390" read="1" ` +
    `status="-1" locked="0" date_sent="0" sub_id="1" readable_date="1 janv. 2020" contact_name="Contact ${i}" />\n`
  );
}

function mms(n) {
  const i = n % CORRESPONDENTS;
  return (
    `  <mms date="${START + n * 1000}" date_sent="${Math.floor((START + n * 1000) / 1000)}" msg_box="1" ` +
    `address="+336${number(i)}" m_type="132" text_only="0" read="1" sub="null" contact_name="Contact ${i}">\n` +
    '    <parts>\n' +
    '      <part seq="-1" ct="application/smil" name="null" chset="null" cl="smil.xml" text="&lt;smil/&gt;" />\n' +
    `      <part seq="0" ct="image/jpeg" name="IMG.jpg" chset="null" cl="IMG.jpg" text="null" data="${IMAGE_BASE64}" />\n` +
    '      <part seq="1" ct="text/plain" name="null" chset="106" cl="text0.txt" text="regarde" />\n' +
    '    </parts>\n' +
    `    <addrs><addr address="+336${number(i)}" type="137" charset="106" /></addrs>\n` +
    '  </mms>\n'
  );
}

async function generate(path) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let written = 0;
  const write = async (text) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n");
  let n = 0;
  let records = 0;
  while (written < targetBytes) {
    let batch = '';
    for (let k = 0; k < SMS_PER_MMS; k++) batch += sms(n++);
    batch += mms(n++);
    records += SMS_PER_MMS + 1;
    await write(batch);
  }
  await write('</smses>\n');
  out.end();
  await once(out, 'finish');
  return records;
}

/** A read-only ExportSource over one file on disk (the real one lives in src/chats/, elsewhere). */
function fileSource(path, size) {
  const name = basename(path);
  const check = (entry) => {
    if (entry !== name) throw new Error(`no entry ${entry}`);
  };
  return {
    origin: path,
    container: 'file',
    entries: [{ path: name, size }],
    open: async (entry) => {
      check(entry);
      return createReadStream(path, { highWaterMark: 1 << 20 });
    },
    read: async (entry, maxBytes = size) => {
      check(entry);
      const handle = await open(path);
      try {
        const buffer = Buffer.alloc(Math.min(maxBytes, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    close: async () => {},
  };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

if (isGenerator) {
  process.stdout.write(String(await generate(process.argv[3])));
  process.exit(0);
}

const folder = await mkdtemp(join(tmpdir(), 'preuve-sms-bench-'));
try {
  const path = join(folder, 'sms-20240313090000.xml');
  let started = performance.now();
  const self = fileURLToPath(import.meta.url);
  const generator = [self, '--generate', path, String(targetBytes), String(CORRESPONDENTS)];
  const records = execFileSync(process.execPath, generator, { encoding: 'utf8' });
  const { size } = await stat(path);
  console.log(
    `generated ${mb(size)}, ${records} records, in ${seconds(performance.now() - started)}`,
  );

  const source = fileSource(path, size);
  started = performance.now();
  const conversations = await smsBackupParser.parse(source, { timeZone: 'Europe/Paris' });
  const indexed = performance.now() - started;
  console.log(`parse (index pass): ${conversations.length} conversations in ${seconds(indexed)}`);

  started = performance.now();
  let messages = 0;
  let lastImage;
  const iterated = conversations.slice(0, ITERATED);
  for (const conversation of iterated) {
    for await (const message of conversation.messages()) {
      messages++;
      lastImage = message.attachments[0]?.embedded ?? lastImage;
    }
  }
  const elapsed = performance.now() - started;
  const perPass = elapsed / iterated.length;
  console.log(
    `messages(): ${messages} messages over ${iterated.length} conversations in ${seconds(elapsed)} ` +
      `(${Math.round(messages / (elapsed / 1000))} messages/s, ` +
      `${seconds(perPass)} and ${mb(size / (perPass / 1000))}/s per pass)`,
  );
  if (lastImage) {
    started = performance.now();
    const stream = await smsBackupParser.openEmbedded(source, lastImage);
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.length;
    console.log(
      `openEmbedded (last MMS image, ${bytes} bytes): ${seconds(performance.now() - started)}`,
    );
  }
  const total = indexed + elapsed;
  console.log(
    `total ${seconds(total)}, ${Math.round(messages / (total / 1000))} messages/s overall, ` +
      `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
