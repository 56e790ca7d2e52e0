import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allBytesUnder, sha256File, snapshotTree } from '../helpers/case-state.js';
import { makeTempDir, runPreuve } from '../helpers/cli.js';
import { runPreuveInProcess } from '../helpers/cli-in-process.js';
import { initCase } from '../helpers/new-case.js';
import { renameEntry, zipFiles } from '../unit/chats/zip-tools.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'whatsapp');
const MEDIA = join(FIXTURES, 'android-fr-media');
const CHAT = 'Discussion WhatsApp avec Inconnu_77.txt';
// Each add is a spawned preuve; what a test reads back after it (show, verify) runs the CLI in
// this process (tests/helpers/cli-in-process.ts).

function newCase() {
  const root = makeTempDir();
  const caseDir = join(root, 'case');
  initCase(caseDir, ['--reference', 'PRV-20261130-7K3Q']);
  return { root, caseDir };
}

const readCase = (caseDir: string) => JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));

function mediaZip(root: string): string {
  const zip = join(root, 'WhatsApp Chat - Inconnu_77.zip');
  zipFiles(MEDIA, zip, ['.']);
  return zip;
}

describe('preuve add with a WhatsApp export', () => {
  it('a French Android export with media (folder): one conversation exhibit, every attachment linked and hashed', async () => {
    const { caseDir } = newCase();
    const result = runPreuve(['add', '--case', caseDir, MEDIA]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/WhatsApp .* export, 1 conversation/);
    const [exhibit] = readCase(caseDir).exhibits;
    expect(exhibit).toMatchObject({
      number: 1,
      kind: 'conversation',
      app: 'WhatsApp',
      conversation: { format: 'whatsapp', timeZone: 'Europe/Paris' },
    });
    const names = exhibit.files.map((f: { name: string; role: string }) => `${f.role}:${f.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        `export-file:${CHAT}`,
        'attachment:IMG-20240312-WA0001.jpg',
        'attachment:PTT-20240312-WA0002.opus',
        'export-file:IMG-20240311-WA0000.jpg',
      ]),
    );
    for (const file of exhibit.files) {
      // A photo no message names was asked about by nobody: hashed where it is, never copied.
      if (file.name === 'IMG-20240311-WA0000.jpg') {
        expect(file).toMatchObject({ isExcluded: true, excludedReason: 'unreferenced' });
        expect(file.storedPath).toBeUndefined();
        expect(file.sha256).toBe(sha256File(join(MEDIA, file.name)));
        continue;
      }
      expect(sha256File(join(caseDir, file.storedPath))).toBe(sha256File(join(MEDIA, file.name)));
    }
    expect(result.stdout).toMatch(/not copied: IMG-20240311-WA0000\.jpg .*no message names/);

    const show = await runPreuveInProcess(['show', 'P1', '--case', caseDir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(
      `IMG-20240312-WA0001.jpg (SHA-256 ${sha256File(join(MEDIA, 'IMG-20240312-WA0001.jpg'))})`,
    );
    expect(show.stdout).toMatch(/VID-20240312-WA0003\.mp4 \(missing from the export\)/);
    expect(show.stdout).toMatch(/Inferred: dates read as day\/month\/year/);
    const json = JSON.parse(
      (await runPreuveInProcess(['show', 'P1', '--json', '--case', caseDir])).stdout,
    );
    expect(json.messages.find((m: { text: string }) => m.text === "c'est toi ?")).toMatchObject({
      sender: 'Inconnu_77',
      time: {
        wallClock: '2024-03-12T21:40',
        zone: 'Europe/Paris',
        instant: '2024-03-12T20:40:00Z',
        precision: 'minute',
      },
      attachments: [
        {
          name: 'IMG-20240312-WA0001.jpg',
          sha256: sha256File(join(MEDIA, 'IMG-20240312-WA0001.jpg')),
        },
      ],
    });
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  });

  it('the same export as a zip: the zip is hashed and its files are copied one by one (not the zip whole: it holds a photo no message names)', () => {
    const { root, caseDir } = newCase();
    const zip = mediaZip(root);
    const result = runPreuve(['add', '--case', caseDir, zip]);
    expect(result.code, result.stderr).toBe(0);
    const [exhibit] = readCase(caseDir).exhibits;
    expect(exhibit.files[0]).toMatchObject({
      role: 'original',
      mime: 'application/zip',
      sha256: sha256File(zip),
      isExcluded: true,
    });
    expect(exhibit.files[0].storedPath).toBeUndefined();
    expect(exhibit.files.some((f: { name: string }) => f.name === 'IMG-20240312-WA0001.jpg')).toBe(
      true,
    );
    const again = runPreuve(['add', '--case', caseDir, zip]);
    expect(again.stdout).toMatch(/already in the case as P1/);
    expect(readCase(caseDir).exhibits).toHaveLength(1);
  });

  it('--exclude-attachment keeps an attachment out: hashed inside the zip, never written to the case', async () => {
    const { root, caseDir } = newCase();
    const zip = mediaZip(root);
    const excluded = readFileSync(join(MEDIA, 'IMG-20240312-WA0001.jpg'));
    const result = runPreuve([
      'add',
      '--case',
      caseDir,
      zip,
      '--exclude-attachment',
      'IMG-20240312-WA0001.jpg',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [exhibit] = readCase(caseDir).exhibits;
    const file = exhibit.files.find((f: { name: string }) => f.name === 'IMG-20240312-WA0001.jpg');
    expect(file).toMatchObject({
      isExcluded: true,
      sha256: sha256File(join(MEDIA, 'IMG-20240312-WA0001.jpg')),
    });
    expect(file.storedPath).toBeUndefined();
    expect(exhibit.files[0]).toMatchObject({ role: 'original', isExcluded: true });
    expect(exhibit.files[0].storedPath).toBeUndefined();
    for (const buffer of allBytesUnder(caseDir)) expect(buffer.includes(excluded)).toBe(false);
    const show = await runPreuveInProcess(['show', 'P1', '--case', caseDir]);
    expect(show.stdout).toMatch(
      /IMG-20240312-WA0001\.jpg \(excluded, not copied, SHA-256 [0-9a-f]{64}\)/,
    );
  });

  it('an ambiguous day/month order is refused before anything is copied; --date-order settles it', () => {
    const { caseDir } = newCase();
    const before = snapshotTree(caseDir);
    const refused = runPreuve([
      'add',
      '--case',
      caseDir,
      join(FIXTURES, 'ambiguous-en.txt'),
      join(FIXTURES, 'android-fr.txt'),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/preuve will not guess.*--date-order dmy/);
    expect(snapshotTree(caseDir)).toEqual(before);
    const settled = runPreuve([
      'add',
      '--case',
      caseDir,
      join(FIXTURES, 'ambiguous-en.txt'),
      '--date-order',
      'mdy',
    ]);
    expect(settled.code, settled.stderr).toBe(0);
    expect(readCase(caseDir).exhibits[0].conversation).toMatchObject({ dateOrder: 'mdy' });
  });

  it('a text file that is no chat is added as a plain file, and says so; --format forces a format', () => {
    const { root, caseDir } = newCase();
    writeFileSync(join(root, 'notes.txt'), 'Notes de la maman.\nIl a écrit vers 21h.\n');
    const plain = runPreuve(['add', '--case', caseDir, join(root, 'notes.txt')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      /notes\.txt: no chat format recognised in this text file; added as a plain file/,
    );
    expect(readCase(caseDir).exhibits[0].kind).toBe('other');
    writeFileSync(join(root, 'garbage.txt'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x42]));
    const before = snapshotTree(caseDir);
    const forced = runPreuve([
      'add',
      '--case',
      caseDir,
      join(root, 'garbage.txt'),
      '--format',
      'whatsapp',
    ]);
    expect(forced.code).not.toBe(0);
    expect(forced.stderr).toMatch(/garbage\.txt/);
    expect(snapshotTree(caseDir)).toEqual(before);
    const unknown = runPreuve([
      'add',
      '--case',
      caseDir,
      join(root, 'notes.txt'),
      '--format',
      'myspace',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown chat format 'myspace'\. Supported formats: .*whatsapp/);
  });

  it('a zip with a path-traversal entry is refused, naming it, and the case is unchanged', () => {
    const { root, caseDir } = newCase();
    const work = join(root, 'work');
    cpSync(MEDIA, work, { recursive: true });
    writeFileSync(join(work, 'xxxevil.txt'), 'x');
    const zip = join(root, 'evil.zip');
    zipFiles(work, zip, ['.']);
    renameEntry(zip, 'xxxevil.txt', '../evil.txt');
    const before = snapshotTree(caseDir);
    const result = runPreuve(['add', '--case', caseDir, zip, '--format', 'whatsapp']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/evil/);
    expect(snapshotTree(caseDir)).toEqual(before);
  });
});

describe('preuve add with e-mails and SMS backups', () => {
  const EMAIL = join(import.meta.dirname, '..', 'fixtures', 'email', 'attachments.eml');
  const SMS = join(import.meta.dirname, '..', 'fixtures', 'sms', 'mms.xml');

  it('an e-mail becomes an email exhibit; its attachments are extracted, hashed and linked', async () => {
    const { caseDir } = newCase();
    const result = runPreuve(['add', '--case', caseDir, EMAIL]);
    expect(result.code, result.stderr).toBe(0);
    const [exhibit] = readCase(caseDir).exhibits;
    expect(exhibit).toMatchObject({ kind: 'email', conversation: { format: 'email' } });
    expect(exhibit.files.map((f: { name: string }) => f.name)).toEqual([
      'attachments.eml',
      'capture.png',
      'facture.pdf',
    ]);
    expect(exhibit.notes.join(' ')).toMatch(/peuvent être falsifiés/);
    expect((await runPreuveInProcess(['show', 'P1', '--case', caseDir])).stdout).toMatch(
      /capture\.png \(SHA-256 [0-9a-f]{64}\)/,
    );
  });

  it('an excluded e-mail attachment is hashed inside the message; neither it nor the whole .eml is copied', () => {
    const { caseDir } = newCase();
    const result = runPreuve([
      'add',
      '--case',
      caseDir,
      EMAIL,
      '--exclude-attachment',
      'capture.png',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [exhibit] = readCase(caseDir).exhibits;
    const capture = exhibit.files.find((f: { name: string }) => f.name === 'capture.png');
    expect(capture).toMatchObject({ isExcluded: true });
    expect(capture.storedPath).toBeUndefined();
    expect(exhibit.files[0]).toMatchObject({ name: 'attachments.eml', isExcluded: true });
    const original = readFileSync(EMAIL, 'utf8');
    const base64 =
      /filename="?capture\.png"?[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/
        .exec(original)?.[1]
        ?.replace(/\s/g, '') ?? '';
    const bytes = Buffer.from(base64, 'base64');
    expect(bytes.length).toBeGreaterThan(20);
    for (const buffer of allBytesUnder(caseDir)) {
      expect(buffer.includes(bytes)).toBe(false);
      expect(buffer.toString('latin1').includes(base64.slice(0, 40))).toBe(false);
    }
  });

  it('an SMS backup: one exhibit per correspondent, MMS images extracted and hashed', async () => {
    const { caseDir } = newCase();
    const result = runPreuve(['add', '--case', caseDir, SMS]);
    expect(result.code, result.stderr).toBe(0);
    const exhibits = readCase(caseDir).exhibits;
    expect(exhibits.length).toBeGreaterThanOrEqual(2);
    expect(
      exhibits[0].files.some(
        (f: { name: string; storedPath?: string }) => /^mms-.*\.jpg$/.test(f.name) && f.storedPath,
      ),
    ).toBe(true);
    expect((await runPreuveInProcess(['verify', caseDir])).code).toBe(0);
  });
});

describe('whole-account exports', () => {
  it('every conversation of one export becomes its own exhibit, and adding the export again adds nothing (regression: they shared the export file hash)', () => {
    const { caseDir } = newCase();
    const telegram = join(
      import.meta.dirname,
      '..',
      'fixtures',
      'telegram',
      'DataExport_2024-03-13',
    );
    const first = runPreuve(['add', '--case', caseDir, telegram]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/3 conversations: Inconnu 77, Classe 3e B/);
    const titles = readCase(caseDir).exhibits.map(
      (e: { conversation: { title: string } }) => e.conversation.title,
    );
    expect(titles).toEqual(['Inconnu 77', 'Classe 3e B']);
    expect(first.stdout).toMatch(/skipped .*conversation with no message/);
    const again = runPreuve(['add', '--case', caseDir, telegram]);
    expect(again.stdout).toMatch(/0 exhibits added, 2 already in the case/);
  });
});
