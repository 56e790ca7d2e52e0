import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { hasTool } from './tools.js';
import { makeZip } from './zip-bytes.js';

/** The corpus's one case that needs a system tool (mkfifo). */
export const NAMED_PIPE_CASE = 'a named pipe';

/** One hostile input and what preuve must say about it. */
export interface HostileCase {
  readonly name: string;
  readonly category:
    | 'image'
    | 'zip'
    | 'json'
    | 'xml'
    | 'yaml'
    | 'e-mail'
    | 'name'
    | 'spec'
    | 'dossier';
  /** Arguments after `preuve`; `--case <case>` is appended. */
  readonly args: readonly string[];
  /** The thing named, the cause and the fix, each as it must appear in the message. */
  readonly thing: RegExp;
  readonly cause: RegExp;
  readonly fix: RegExp;
}

const CHAT = '12/03/2024, 21:40 - Inconnu 77: bonjour\n13/03/2024, 21:41 - Léa: non\n';

function png(width: number, height: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function smsXml(doctype: string, body: string): string {
  return `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
${doctype}<smses count="1" backup_set="00000000-0000-4000-8000-000000000000" backup_date="1710316800000" type="full">
  <sms protocol="0" address="+33600000077" date="1710276070123" type="1" subject="null" body="${body}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" readable_date="x" contact_name="(Unknown)" />
</smses>
`;
}

/** Damaged images that are kept as evidence with a note (never refused, never a crash). */
export function writeDamagedImages(dir: string): Array<{ name: string; path: string }> {
  const goodPng = png(4, 4, deflateSync(Buffer.alloc(4 * (1 + 4 * 3))));
  const truncated = join(dir, 'truncated.png');
  writeFileSync(truncated, goodPng.subarray(0, 40));
  const pixelBomb = join(dir, 'pixel-bomb.png');
  writeFileSync(pixelBomb, png(100_000, 100_000, deflateSync(Buffer.alloc(1024))));
  return [
    { name: 'PNG cut short', path: truncated },
    { name: 'PNG declaring 10 billion pixels', path: pixelBomb },
  ];
}

/**
 * Writes the hostile inputs into `dir` and returns one case per input. `dossierZip` is a built
 * dossier the tampered copies are made from.
 */
export function writeHostileCorpus(dir: string, dossierZip: string): HostileCase[] {
  const at = (name: string) => join(dir, name);
  const write = (name: string, data: string | Buffer) => {
    writeFileSync(at(name), data);
    return at(name);
  };
  const cases: HostileCase[] = [];
  const add = (c: HostileCase) => cases.push(c);

  // Images: a damaged image is evidence all the same (kept, with a note: see KEPT_IMAGES); what
  // is refused is an image that would inflate, inside a chat zip, past the bomb limits.
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  write(
    'image-bomb.zip',
    makeZip([
      {
        name: '_chat.txt',
        data: Buffer.from(`${CHAT}13/03/2024, 21:42 - Inconnu 77: IMG-1.png (fichier joint)\n`),
      },
      { name: 'IMG-1.png', data: Buffer.concat([png(4, 4, deflateSync(Buffer.alloc(52))), zeros]) },
    ]),
  );
  add({
    name: 'a PNG of 64 MB that compresses 1000 to 1, in a chat zip',
    category: 'image',
    args: ['add', at('image-bomb.zip'), '--format', 'whatsapp'],
    thing: /image-bomb\.zip.*IMG-1\.png/,
    cause: /zip bomb.*compressed \d+ to 1/,
    fix: /add it as a plain file/i,
  });

  // Zips (chat exports)
  const chatEntry = { name: '_chat.txt', data: Buffer.from(CHAT) };
  write('slip.zip', makeZip([chatEntry, { name: '../../evil.txt', data: Buffer.from('evil') }]));
  add({
    name: 'zip slip',
    category: 'zip',
    args: ['add', at('slip.zip'), '--format', 'whatsapp'],
    thing: /slip\.zip/,
    cause: /unsafe path|zip-slip/i,
    fix: /not a genuine chat export|export the chat again/i,
  });
  const megabyte = Buffer.alloc(1024 * 1024, 0x41);
  write(
    'overlap.zip',
    makeZip(
      [
        chatEntry,
        ...Array.from({ length: 50 }, (_, i) => ({ name: `media/${i}.jpg`, data: megabyte })),
      ],
      { overlapAll: true },
    ),
  );
  add({
    name: 'overlapping-entry zip bomb',
    category: 'zip',
    args: ['add', at('overlap.zip'), '--format', 'whatsapp'],
    thing: /overlap\.zip/,
    cause: /overlap/i,
    fix: /genuine chat export|add it as a plain file/i,
  });
  write(
    'symlink.zip',
    makeZip([chatEntry, { name: 'media/link', data: Buffer.from('/etc/shadow'), mode: 0o120777 }]),
  );
  add({
    name: 'symbolic link in a zip',
    category: 'zip',
    args: ['add', at('symlink.zip'), '--format', 'whatsapp'],
    thing: /symlink\.zip.*media\/link/,
    cause: /symbolic link/i,
    fix: /export the chat again/i,
  });
  write('encrypted.zip', makeZip([{ ...chatEntry, isEncrypted: true }]));
  add({
    name: 'password-protected zip',
    category: 'zip',
    args: ['add', at('encrypted.zip'), '--format', 'whatsapp'],
    thing: /encrypted\.zip/,
    cause: /password-protected|encrypted/i,
    fix: /without a password|unzip it yourself/i,
  });
  const wholeZip = makeZip([chatEntry, { name: 'media/a.jpg', data: megabyte }]);
  write('truncated.zip', wholeZip.subarray(0, Math.floor(wholeZip.length / 2)));
  add({
    name: 'zip cut in half',
    category: 'zip',
    args: ['add', at('truncated.zip'), '--format', 'whatsapp'],
    thing: /truncated\.zip/,
    cause: /truncated|damaged|not a readable/i,
    fix: /again/i,
  });
  write(
    'many-entries.zip',
    makeZip([
      chatEntry,
      ...Array.from({ length: 20_001 }, (_, i) => ({ name: `m/${i}`, data: Buffer.alloc(0) })),
    ]),
  );
  add({
    name: 'chat zip of 20,002 entries',
    category: 'zip',
    args: ['add', at('many-entries.zip'), '--format', 'whatsapp'],
    thing: /many-entries\.zip/,
    cause: /20002 entries, more than the 20000/,
    fix: /export the chat again|smaller folders/i,
  });

  // JSON
  const inbox = (name: string, json: string) => {
    const folder = at(`${name}/messages/inbox/inconnu_77_1`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'message_1.json'), json);
    return at(name);
  };
  inbox(
    'ig-deep',
    `{"participants":[{"name":"a"}],"messages":[{"sender_name":"a","timestamp_ms":1,"content":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
  );
  add({
    name: 'Instagram JSON nested 100,000 deep',
    category: 'json',
    args: ['add', at('ig-deep'), '--format', 'instagram'],
    thing: /message_1\.json/,
    cause: /more than 1000 levels deep/,
    fix: /download the export again/i,
  });
  inbox('ig-cut', '{"participants":[{"name":"a"}],"messages":[{"sender_name":"a","timesta');
  add({
    name: 'Instagram JSON cut short',
    category: 'json',
    args: ['add', at('ig-cut'), '--format', 'instagram'],
    thing: /message_1\.json/,
    cause: /not complete JSON/,
    fix: /download the export again/i,
  });

  // XML
  write(
    'sms-xxe.xml',
    smsXml('<!DOCTYPE smses [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', '&xxe;'),
  );
  add({
    name: 'SMS backup with an external entity (XXE)',
    category: 'xml',
    args: ['add', at('sms-xxe.xml'), '--format', 'sms-backup'],
    thing: /sms-xxe\.xml/,
    cause: /DOCTYPE|entit/i,
    fix: /again|backup/i,
  });
  const laughs = Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
  ).join('');
  write('sms-laughs.xml', smsXml(`<!DOCTYPE smses [<!ENTITY l0 "lol">${laughs}]>\n`, '&l9;'));
  add({
    name: 'SMS backup with a billion laughs',
    category: 'xml',
    args: ['add', at('sms-laughs.xml'), '--format', 'sms-backup'],
    thing: /sms-laughs\.xml/,
    cause: /DOCTYPE|entit/i,
    fix: /again|backup/i,
  });

  // YAML and facts
  write(
    'facts-laughs.yaml',
    `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
    ).join('\n')}\nnarrative: *i\n`,
  );
  add({
    name: 'facts YAML with a billion laughs',
    category: 'yaml',
    args: ['facts', 'import', at('facts-laughs.yaml')],
    thing: /facts-laughs\.yaml/,
    cause: /alias|not valid YAML|excessive/i,
    fix: /Nothing was imported|examples\/facts\.yaml/i,
  });
  write('facts-deep.yaml', `narrative: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
  add({
    name: 'facts YAML nested 50,000 deep',
    category: 'yaml',
    args: ['facts', 'import', at('facts-deep.yaml')],
    thing: /facts-deep\.yaml/,
    cause: /not valid YAML|expected/i,
    fix: /Nothing was imported/i,
  });
  write('facts-latin1.yaml', Buffer.from('narrative: "Elle a reçu un message"\n', 'latin1'));
  add({
    name: 'facts file in Latin-1',
    category: 'yaml',
    args: ['facts', 'import', at('facts-latin1.yaml')],
    thing: /facts-latin1\.yaml/,
    cause: /ISO-8859-1.*not UTF-8/,
    fix: /Save it again as UTF-8/,
  });
  write('facts-huge.yaml', `narrative: "${'x'.repeat(200_000)}"\n`);
  add({
    name: 'facts narrative of 200,000 characters',
    category: 'yaml',
    args: ['facts', 'import', at('facts-huge.yaml')],
    thing: /facts-huge\.yaml: narrative/,
    cause: /at most 100000 characters/,
    fix: /shorten it/,
  });

  // E-mail
  write('garbage.eml', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  add({
    name: 'binary data named .eml',
    category: 'e-mail',
    args: ['add', at('garbage.eml'), '--format', 'email'],
    thing: /garbage\.eml/,
    cause: /not an e-mail|not UTF-8|cannot/i,
    fix: /again|export|save/i,
  });

  // Names
  add({
    name: 'a missing file whose name holds escape sequences',
    category: 'name',
    args: ['add', at('\u001b]0;pwned\u0007capture.png')],
    thing: /capture\.png/,
    cause: /no such file/,
    fix: /Check the path/,
  });
  // Node cannot make a named pipe: without mkfifo the corpus has no such case (the test says so).
  if (hasTool('mkfifo')) {
    execFileSync('mkfifo', [at('pipe.png')]);
    add({
      name: NAMED_PIPE_CASE,
      category: 'name',
      args: ['add', at('pipe.png')],
      thing: /pipe\.png/,
      cause: /not a regular file \(a named pipe\)/,
      fix: /copy its content into a file/,
    });
  }

  // Specs
  write('spec-unknown.yaml', 'version: 1\ncase: ./c\nevidnce: []\n');
  add({
    name: 'spec with a misspelt field',
    category: 'spec',
    args: ['build', '--spec', at('spec-unknown.yaml')],
    thing: /spec-unknown\.yaml/,
    cause: /evidnce|unrecognized|unknown/i,
    fix: /see|example|spec/i,
  });

  // Tampered dossiers
  const zipBytes = readFileSync(dossierZip);
  const flipped = Buffer.from(zipBytes);
  const middle = Math.floor(flipped.length / 3);
  flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
  write('dossier-flipped.zip', flipped);
  add({
    name: 'dossier ZIP with one byte flipped',
    category: 'dossier',
    args: ['verify', at('dossier-flipped.zip')],
    thing: /dossier-flipped\.zip|data\//,
    // verify speaks the dossier's language: the demo dossier is French.
    cause:
      /does not match|expected|damaged|CRC|not readable|ne correspond pas|attendu|endommag|illisible/i,
    fix: /./,
  });
  write('dossier-cut.zip', zipBytes.subarray(0, Math.floor(zipBytes.length / 2)));
  add({
    name: 'dossier ZIP cut in half',
    category: 'dossier',
    // English, as the patterns below: a French reader gets the same in French (report-language).
    args: ['verify', at('dossier-cut.zip'), '--lang', 'en'],
    thing: /dossier-cut\.zip/,
    cause: /not a readable ZIP|truncated/i,
    fix: /Copy the dossier again/,
  });
  const bag = at('bag-fetch');
  mkdirSync(join(bag, 'data'), { recursive: true });
  writeFileSync(join(bag, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  writeFileSync(join(bag, 'data', 'a.txt'), 'a');
  writeFileSync(
    join(bag, 'manifest-sha256.txt'),
    'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  data/a.txt\n',
  );
  writeFileSync(join(bag, 'fetch.txt'), 'https://example.org/x - ../../.bashrc\n');
  add({
    name: 'bag whose fetch.txt writes outside it',
    category: 'dossier',
    args: ['verify', bag],
    thing: /fetch\.txt/,
    cause: /sort du sac avec « .. »/,
    fix: /./,
  });
  return cases;
}
